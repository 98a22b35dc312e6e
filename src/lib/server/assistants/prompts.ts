/**
 * The prompt library. Who may do what:
 * - private prompts: only their owner sees, uses, edits and deletes them;
 * - team prompts: the team's members see and use them; the team's owners and editors, and the
 *   prompt's own author, edit and delete them; any member may add one to their team;
 * - organisation prompts: everyone sees and uses them; only administrators add, edit or delete them;
 * - who a prompt is shared with (visibility and team) is the author's choice: editors may change its
 *   title and text, but only the author, or an administrator for organisation prompts, may re-share it.
 * Prompts someone cannot see are "not found" (404); changes they may not make to one they can see are 403.
 */
import { savedPromptInputSchema, promptVariables } from '$lib/schemas/assistant';
import { promptBodyProblem, type SavedPromptView } from '$lib/schemas/saved-prompt';
import type { SessionUser } from '$lib/schemas/user';
import {
	deleteSavedPrompt,
	findSavedPrompt,
	insertSavedPrompt,
	listSavedPromptCandidates,
	updateSavedPrompt,
	type SavedPromptFields,
	type SavedPromptRow
} from '../db/queries/saved-prompts';
import { listTeamRolesForUser } from '../db/queries/assistants';
import { audit } from '../governance/audit';
import { exampleThemesByKey } from './prompt-examples';
import { fieldErrorsOf } from './result';

export type PromptResult<T> =
	| { ok: true; value: T }
	| { ok: false; status: 400 | 403 | 404; message: string; fieldErrors?: Record<string, string> };

export type PromptScope = 'all' | 'mine' | 'team' | 'organisation';

type Actor = { user: SessionUser; roles: Map<string, string>; teams: { id: string; name: string; role: string }[] };

const NOT_FOUND = { ok: false, status: 404, message: 'Prompt not found' } as const;

async function actorFor(user: SessionUser): Promise<Actor> {
	const teams = await listTeamRolesForUser(user.id);
	return { user, roles: new Map(teams.map((t) => [t.id, t.role])), teams };
}

type Shared = Pick<SavedPromptRow, 'ownerId' | 'teamId' | 'visibility'>;

const isAdmin = (a: Actor) => a.user.role === 'admin';
const isOwner = (a: Actor, p: Shared) => p.ownerId !== null && p.ownerId === a.user.id;

/** Whether someone can see (and so use) a prompt. */
export function canViewPrompt(a: Actor, p: Shared): boolean {
	if (p.visibility === 'organisation') return true;
	if (p.visibility === 'team') return p.teamId !== null && a.roles.has(p.teamId);
	return isOwner(a, p);
}

/** Whether someone can change who a prompt is shared with: its author, or an admin for organisation prompts. */
export function canSharePrompt(a: Actor, p: Shared): boolean {
	if (!canEditPrompt(a, p)) return false;
	return isOwner(a, p) || (p.visibility === 'organisation' && isAdmin(a));
}

/** Whether someone can change or delete a prompt (only ever true for prompts they can see). */
export function canEditPrompt(a: Actor, p: Shared): boolean {
	if (!canViewPrompt(a, p)) return false;
	if (p.visibility === 'organisation') return isAdmin(a);
	if (p.visibility === 'team') {
		const role = p.teamId ? a.roles.get(p.teamId) : undefined;
		return isOwner(a, p) || role === 'owner' || role === 'editor';
	}
	return isOwner(a, p);
}

/** Only organisation prompts that began as a shipped example have a theme (the file's, kept after edits). */
function themeOf(row: SavedPromptRow, themes: Map<string, string>): string | null {
	return row.visibility === 'organisation' && row.seedKey ? (themes.get(row.seedKey) ?? null) : null;
}

function toView(a: Actor, row: SavedPromptRow, themes: Map<string, string>): SavedPromptView {
	const edit = canEditPrompt(a, row);
	return {
		id: row.id,
		title: row.title,
		theme: themeOf(row, themes),
		body: row.body,
		variables: promptVariables(row.body),
		visibility: row.visibility,
		teamId: row.teamId,
		teamName: row.teamName,
		ownerName: row.ownerName,
		mine: isOwner(a, row),
		updatedAt: row.updatedAt.toISOString(),
		can: { edit, delete: edit, share: canSharePrompt(a, row) }
	};
}

function invalid(errors: Record<string, string>): PromptResult<never> {
	return { ok: false, status: 400, message: Object.values(errors)[0] ?? 'Check the prompt', fieldErrors: errors };
}

/** Validates a whole prompt and checks the sharing is one this person may choose. */
function checkInput(a: Actor, body: unknown): PromptResult<SavedPromptFields> {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return invalid({ form: 'The request body must be a JSON object' });
	}
	const parsed = savedPromptInputSchema.safeParse(body);
	if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
	const input = parsed.data;
	const problem = promptBodyProblem(input.body);
	if (problem) return invalid({ body: problem });
	const teamId = input.visibility === 'team' ? (input.teamId ?? null) : null;
	if (input.visibility === 'team') {
		if (!teamId) return invalid({ teamId: 'Choose the team to share this prompt with' });
		if (!a.roles.has(teamId)) return invalid({ teamId: 'Choose one of your teams' });
	}
	if (input.visibility === 'organisation' && !isAdmin(a)) {
		return {
			ok: false,
			status: 403,
			message: 'Only administrators can share prompts with the whole organisation',
			fieldErrors: { visibility: 'Only administrators can share prompts with the whole organisation' }
		};
	}
	return { ok: true, value: { title: input.title, body: input.body, visibility: input.visibility, teamId } };
}

/** The prompts someone can see, by title; `scope` narrows to theirs, their teams' or the organisation's. */
export async function listPrompts(user: SessionUser, scope: PromptScope = 'all'): Promise<SavedPromptView[]> {
	const a = await actorFor(user);
	const [rows, themes] = await Promise.all([
		listSavedPromptCandidates(user.id, [...a.roles.keys()]),
		exampleThemesByKey()
	]);
	return rows
		.filter((r) => canViewPrompt(a, r))
		.filter((r) => (scope === 'all' ? true : scope === 'mine' ? r.visibility === 'private' : r.visibility === scope))
		.map((r) => toView(a, r, themes));
}

/** One prompt, or null when it does not exist or this person cannot see it. */
export async function getPrompt(user: SessionUser, id: string): Promise<SavedPromptView | null> {
	const a = await actorFor(user);
	const row = await findSavedPrompt(id);
	if (!row || !canViewPrompt(a, row)) return null;
	return toView(a, row, await exampleThemesByKey());
}

/** The teams someone can share a prompt with (every team they belong to). */
export async function promptTeams(user: SessionUser): Promise<{ id: string; name: string }[]> {
	return (await actorFor(user)).teams.map(({ id, name }) => ({ id, name }));
}

export async function createPrompt(
	user: SessionUser,
	body: unknown,
	meta: { requestId?: string } = {}
): Promise<PromptResult<SavedPromptView>> {
	const a = await actorFor(user);
	const checked = checkInput(a, body);
	if (!checked.ok) return checked;
	const saved = await insertSavedPrompt(user.id, checked.value);
	if (saved.visibility === 'organisation') await auditOrganisation(user, 'prompt.organisation_created', saved.id, meta);
	const row = await findSavedPrompt(saved.id);
	return row ? { ok: true, value: toView(a, row, await exampleThemesByKey()) } : NOT_FOUND;
}

/** Changes some or all of a prompt's fields; the result is validated as a whole. */
export async function updatePrompt(
	user: SessionUser,
	id: string,
	patch: unknown,
	meta: { requestId?: string } = {}
): Promise<PromptResult<SavedPromptView>> {
	const a = await actorFor(user);
	const row = await findSavedPrompt(id);
	if (!row || !canViewPrompt(a, row)) return NOT_FOUND;
	if (!canEditPrompt(a, row)) return { ok: false, status: 403, message: 'You can use this prompt but not change it' };
	if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
		return invalid({ form: 'The request body must be a JSON object' });
	}
	const merged = { title: row.title, body: row.body, visibility: row.visibility, teamId: row.teamId, ...patch };
	const checked = checkInput(a, merged);
	if (!checked.ok) return checked;
	const reshared = checked.value.visibility !== row.visibility || checked.value.teamId !== row.teamId;
	if (reshared && !canSharePrompt(a, row)) {
		const message = 'Only the prompt’s author can change who can use it. You can change its title and text';
		return { ok: false, status: 403, message, fieldErrors: { visibility: message } };
	}
	await updateSavedPrompt(id, checked.value);
	if (row.visibility === 'organisation' || checked.value.visibility === 'organisation') {
		await auditOrganisation(user, 'prompt.organisation_updated', id, meta, {
			before: { visibility: row.visibility },
			after: { visibility: checked.value.visibility }
		});
	}
	const saved = await findSavedPrompt(id);
	if (!saved) return NOT_FOUND;
	return { ok: true, value: toView(a, saved, await exampleThemesByKey()) };
}

export async function deletePrompt(
	user: SessionUser,
	id: string,
	meta: { requestId?: string } = {}
): Promise<PromptResult<null>> {
	const a = await actorFor(user);
	const row = await findSavedPrompt(id);
	if (!row || !canViewPrompt(a, row)) return NOT_FOUND;
	if (!canEditPrompt(a, row)) return { ok: false, status: 403, message: 'You can use this prompt but not delete it' };
	if (!(await deleteSavedPrompt(id))) return NOT_FOUND;
	if (row.visibility === 'organisation') await auditOrganisation(user, 'prompt.organisation_deleted', id, meta);
	return { ok: true, value: null };
}

/** Organisation prompts are an admin change: record who and what kind, never the prompt's text. */
function auditOrganisation(
	user: SessionUser,
	action: 'prompt.organisation_created' | 'prompt.organisation_updated' | 'prompt.organisation_deleted',
	id: string,
	meta: { requestId?: string },
	details: Record<string, unknown> = {}
): Promise<void> {
	return audit({ locals: { user, requestId: meta.requestId } }, action, {
		targetType: 'saved_prompt',
		targetId: id,
		details
	});
}
