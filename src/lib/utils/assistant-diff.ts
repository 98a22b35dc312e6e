import type { AssistantDefinition, IntakeQuestion } from '$lib/schemas/assistant';

export type DiffRow = { field: string; a: string; b: string; changed: boolean };

const typeWords: Record<string, string> = {
	short_text: 'short text',
	long_text: 'long text',
	single_choice: 'single choice',
	multiple_choice: 'multiple choice'
};

function questionLine(q: IntakeQuestion, i: number): string {
	const options = q.options.length ? ` [${q.options.join(' / ')}]` : '';
	return `${i + 1}. ${q.label} (${typeWords[q.type] ?? q.type}${q.required ? ', required' : ''})${options}`;
}

/** Each part of a definition as plain text, in the order a builder sees them. */
function describe(d: AssistantDefinition): [string, string][] {
	return [
		['Name', d.name],
		['Description', d.description],
		['Category', d.category],
		['Colour', d.colour],
		['Instructions', d.instructions],
		['Intake mode', d.intake.mode],
		['Intake questions', d.intake.questions.map(questionLine).join('\n') || 'None'],
		['Guidance collections', d.collections.join(', ') || 'All'],
		['Starter prompts', d.starters.join('\n') || 'None'],
		['Output template', d.outputTemplate || 'None'],
		['Default model', d.defaultModel ?? 'Workspace default'],
		['Temperature', d.temperature === null || d.temperature === undefined ? 'Default' : String(d.temperature)]
	];
}

/** Two versions side by side, field by field, marking the fields that differ. */
export function diffDefinitions(a: AssistantDefinition, b: AssistantDefinition): DiffRow[] {
	const right = describe(b);
	return describe(a).map(([field, value], i) => ({
		field,
		a: value,
		b: right[i][1],
		changed: value !== right[i][1]
	}));
}
