/** The prompt library as the browser sees it (nothing here imports server code). */
import { promptVariables, type PromptVisibility } from './assistant';

export const MAX_PROMPT_VARIABLES = 10;
export const MAX_VARIABLE_VALUE_CHARS = 2000;

export const PROMPT_VISIBILITY_LABELS: Record<PromptVisibility, string> = {
	private: 'Only me',
	team: 'A team I belong to',
	organisation: 'Everyone in the organisation'
};

export type SavedPromptView = {
	id: string;
	title: string;
	/** The theme an organisation prompt that began as a shipped example is listed under; null otherwise. */
	theme: string | null;
	body: string;
	variables: string[];
	visibility: PromptVisibility;
	teamId: string | null;
	teamName: string | null;
	ownerName: string | null;
	mine: boolean;
	updatedAt: string;
	/** share: may change who it is shared with (visibility and team), not only its title and text. */
	can: { edit: boolean; delete: boolean; share: boolean };
};

/**
 * Problems with a prompt's `{{variables}}` that the schema cannot see: braces that do not make a
 * variable a form could ask for, and too many variables. Null when the body is fine.
 */
export function promptBodyProblem(body: string): string | null {
	const stripped = body.replace(/\{\{\s*([A-Za-z][\w ]{0,40}?)\s*\}\}/g, '');
	const stray = /\{\{[^}]*\}\}|\{\{|\}\}/.exec(stripped);
	if (stray) {
		return `"${stray[0].slice(0, 30)}" is not a variable: write variables as {{name}}, starting with a letter and using letters, numbers, spaces or underscores (up to 40)`;
	}
	const count = promptVariables(body).length;
	if (count > MAX_PROMPT_VARIABLES) {
		return `A prompt can have up to ${MAX_PROMPT_VARIABLES} variables (this one has ${count})`;
	}
	return null;
}

/** Per-variable messages for a fill-in form: every variable needs a value. */
export function validateVariableValues(variables: string[], values: Record<string, string>): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const v of variables) {
		const value = values[v]?.trim() ?? '';
		if (!value) errors[v] = `Enter ${v}`;
		else if (value.length > MAX_VARIABLE_VALUE_CHARS)
			errors[v] = `${v} must be ${MAX_VARIABLE_VALUE_CHARS.toLocaleString('en-GB')} characters or fewer`;
	}
	return errors;
}
