/**
 * Assistants: what a person may see and do (policy in authz/assistant-policy.ts), validation, saving
 * versions, sharing, and the live version people see. History, rollback and approval are in
 * lifecycle.ts. Routes and pages call these functions; none of them trusts its caller's checks.
 */
import {
	assistantInputSchema,
	type AssistantDefinition,
	type AssistantInput,
	type Intake
} from '$lib/schemas/assistant';
import type { SessionUser } from '$lib/schemas/user';
import { assistantPermissions, canShareWithTeam, type Actor, type Can } from '../authz/assistant-policy';
import {
	deleteAssistantRow,
	findAssistant,
	findAssistantSharing,
	incrementAssistantUsage,
	insertAssistant,
	listCandidateAssistants,
	listTeamRolesForUser,
	saveAssistantVersion,
	setAssistantFeatured,
	type AssistantRow
} from '../db/queries/assistants';
import { isUuid } from '../db/queries/chats';
import { fieldErrorsOf, type Result } from './result';
import { asEachSeesThem, type Purpose } from './live-version';
import { listCollections } from '../db/queries/corpus';
import type { TeamRole } from '../db/schema/teams';
import { audit } from '../governance/audit';
import { chatModels } from '../llm/chat-models';

export type AssistantView = {
	id: string;
	name: string;
	description: string;
	category: string;
	icon: string;
	colour: string;
	instructions: string;
	intake: Intake;
	collections: string[];
	starters: string[];
	outputTemplate: string;
	defaultModel: string | null;
	temperature: number | null;
	ownerId: string | null;
	ownerName: string | null;
	teamId: string | null;
	teamName: string | null;
	visibility: 'private' | 'team' | 'organisation';
	status: 'draft' | 'published';
	approval: 'none' | 'pending' | 'approved' | 'declined';
	approvalReason: string | null;
	featured: boolean;
	builtin: boolean;
	version: number;
	/**
	 * The version everyone in the organisation uses: the last approved one. For people who build or
	 * approve the assistant it can be older than `version` (a newer one waits for approval); everyone
	 * else is shown the live version itself. Null when no version is live.
	 */
	liveVersion: number | null;
	usageCount: number;
	rating: { up: number; down: number };
	updatedAt: Date;
	can: Omit<Can, 'view'>;
};

export type VersionView = {
	version: number;
	changeNote: string;
	createdByName: string | null;
	createdAt: Date;
	definition: AssistantDefinition;
};

export type { Result } from './result';

export type Scope = 'all' | 'mine' | 'teams' | 'organisation';

export const NOT_FOUND = { ok: false, status: 404, message: 'Assistant not found' } as const;
export const FORBIDDEN = (message: string) => ({ ok: false, status: 403, message }) as const;

export async function actorFor(
	user: SessionUser
): Promise<Actor & { teams: { id: string; name: string; role: TeamRole }[] }> {
	const teams = await listTeamRolesForUser(user.id);
	return { id: user.id, role: user.role, teamRoles: new Map(teams.map((t) => [t.id, t.role])), teams };
}

export function toView(row: AssistantRow, can: Can): AssistantView {
	const { view: _view, ...rest } = can;
	return {
		id: row.id,
		name: row.name,
		description: row.description,
		category: row.category,
		icon: row.icon,
		colour: row.colour,
		instructions: row.instructions,
		intake: row.intake,
		collections: row.collections,
		starters: row.starters,
		outputTemplate: row.outputTemplate,
		defaultModel: row.defaultModel,
		temperature: row.temperature,
		ownerId: row.ownerId,
		ownerName: row.ownerName,
		teamId: row.teamId,
		teamName: row.teamName,
		visibility: row.visibility,
		status: row.status,
		approval: row.approval,
		approvalReason: row.approvalReason,
		featured: row.featured,
		builtin: row.builtinKey !== null,
		version: row.version,
		liveVersion: row.visibility === 'organisation' ? row.liveVersion : null,
		usageCount: row.usageCount,
		rating: { up: row.ratingUp, down: row.ratingDown },
		updatedAt: row.updatedAt,
		can: rest
	};
}

function definitionOf(input: AssistantInput | AssistantRow): AssistantDefinition {
	return {
		name: input.name,
		description: input.description,
		category: input.category as AssistantDefinition['category'],
		icon: input.icon,
		colour: input.colour as AssistantDefinition['colour'],
		instructions: input.instructions,
		intake: input.intake,
		collections: input.collections,
		starters: input.starters,
		outputTemplate: input.outputTemplate,
		defaultModel: input.defaultModel ?? null,
		temperature: input.temperature ?? null
	};
}

export function invalid(fieldErrors: Record<string, string>): Result<never> {
	const first = Object.values(fieldErrors)[0] ?? 'Check the assistant';
	return { ok: false, status: 400, message: first, fieldErrors };
}

/** Checks what zod cannot: the team, the collections and the model exist and may be used. */
async function checkReferences(
	actor: Actor,
	input: AssistantInput,
	options: { checkTeam: boolean } = { checkTeam: true }
): Promise<Record<string, string>> {
	const errors: Record<string, string> = {};
	if (input.visibility === 'team' && !input.teamId) errors.teamId = 'Choose the team to share with';
	if (options.checkTeam && input.teamId && !canShareWithTeam(actor, input.teamId)) {
		errors.teamId = 'You can only share with teams where you are an owner or editor';
	}
	if (input.collections.length) {
		const known = new Set((await listCollections()).map((c) => c.slug));
		const unknown = input.collections.filter((c) => !known.has(c));
		if (unknown.length)
			errors.collections = `There is no guidance collection called ${unknown.map((u) => `"${u}"`).join(', ')}`;
	}
	const models = await chatModels();
	if (input.defaultModel && models.length && !models.some((m) => m.id === input.defaultModel)) {
		errors.defaultModel = `Choose one of the configured models: ${models.map((m) => m.id).join(', ')}`;
	}
	return errors;
}

export type SharingState = Parameters<typeof saveAssistantVersion>[0]['sharing'];

/**
 * Where sharing ends up after a save. Creating an assistant for the organisation makes approval pending
 * (an admin's own new assistant is approved at once). Every later save of an organisation assistant
 * makes a new version that waits for approval, whoever saves it, admins included: a version reaches
 * everyone only once an evaluation of it has run and an admin has approved it (see decideApproval).
 */
function sharingAfterSave(actor: Actor, input: AssistantInput, before?: AssistantRow): SharingState {
	const admin = actor.role === 'admin';
	let approval: SharingState['approval'] = 'none';
	if (input.visibility === 'organisation') approval = admin && !before ? 'approved' : 'pending';
	return {
		visibility: input.visibility,
		teamId: input.teamId ?? null,
		status: input.status,
		approval,
		approvalReason: approval === 'none' || approval === 'approved' ? null : (before?.approvalReason ?? null),
		approvedBy: approval === 'approved' ? actor.id : null
	};
}

export async function listAssistants(
	user: SessionUser,
	filter: { q?: string; category?: string; scope?: Scope } = {}
): Promise<AssistantView[]> {
	const actor = await actorFor(user);
	const rows = await listCandidateAssistants(user.id, [...actor.teamRoles.keys()], actor.role === 'admin');
	const q = filter.q?.trim().toLowerCase();
	const visible = rows.map((row) => ({ row, can: assistantPermissions(actor, row) })).filter(({ can }) => can.view);
	return (await asEachSeesThem(visible))
		.filter(({ row }) => {
			if (filter.category && row.category !== filter.category) return false;
			if (q && ![row.name, row.description, row.category, ...row.starters].some((t) => t.toLowerCase().includes(q)))
				return false;
			switch (filter.scope ?? 'all') {
				case 'mine':
					return row.ownerId === user.id;
				case 'teams':
					return row.teamId !== null && actor.teamRoles.has(row.teamId) && row.visibility !== 'private';
				case 'organisation':
					return row.visibility === 'organisation' && (row.approval === 'approved' || row.liveVersion !== null);
				default:
					return true;
			}
		})
		.map(({ row, can }) => toView(row, can));
}

/** The assistant and what the actor may do with it, as stored (not as `asEachSeesThem` shows it). */
export async function load(actor: Actor, id: string): Promise<{ row: AssistantRow; can: Can } | undefined> {
	if (!isUuid(id)) return undefined;
	const row = await findAssistant(id);
	if (!row) return undefined;
	const can = assistantPermissions(actor, row);
	return can.view ? { row, can } : undefined;
}

/** An assistant as the person sees it (the live version, for people who neither build nor approve it). */
export async function getAssistant(
	user: SessionUser,
	id: string,
	purpose: Purpose = 'see'
): Promise<AssistantView | null> {
	const found = await load(await actorFor(user), id);
	if (!found) return null;
	const [seen] = await asEachSeesThem([found], purpose);
	return seen ? toView(seen.row, seen.can) : null;
}

/**
 * An assistant a person may start a chat with, as the chat will use it, or nothing (404 either way):
 * an administrator overseeing a declined version chats with the live one, like everyone else.
 */
export async function findUsableAssistant(user: SessionUser, id: string): Promise<AssistantView | null> {
	const view = await getAssistant(user, id, 'use');
	return view && view.can.use ? view : null;
}

/** Whether a person may use an assistant now: the sharing check alone, cheap enough for every turn. */
export async function canUseAssistant(user: SessionUser, id: string): Promise<boolean> {
	if (!isUuid(id)) return false;
	const [actor, sharing] = await Promise.all([actorFor(user), findAssistantSharing(id)]);
	return sharing !== undefined && assistantPermissions(actor, sharing).use;
}

export async function recordAssistantUse(id: string): Promise<void> {
	await incrementAssistantUsage(id);
}

export async function createAssistant(user: SessionUser, body: unknown): Promise<Result<AssistantView>> {
	const actor = await actorFor(user);
	const parsed = assistantInputSchema.safeParse(body);
	if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
	const input = parsed.data;
	const refErrors = await checkReferences(actor, input);
	if (Object.keys(refErrors).length) return invalid(refErrors);
	const id = await insertAssistant({
		definition: definitionOf(input),
		sharing: sharingAfterSave(actor, input),
		ownerId: user.id,
		changeNote: input.changeNote || 'Created',
		createdBy: user.id
	});
	await audit(null, 'assistant.created', {
		actorId: user.id,
		targetType: 'assistant',
		targetId: id,
		details: { after: { version: 1, visibility: input.visibility, status: input.status } }
	});
	const created = await load(actor, id);
	return { ok: true, value: toView(created!.row, created!.can) };
}

/** The fields that differ between two definitions (for audit details and the compare screen). */
export function changedFields(a: AssistantDefinition, b: AssistantDefinition): string[] {
	return (Object.keys(b) as (keyof AssistantDefinition)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export async function updateAssistant(user: SessionUser, id: string, patch: unknown): Promise<Result<AssistantView>> {
	const actor = await actorFor(user);
	const found = await load(actor, id);
	if (!found) return NOT_FOUND;
	const { row, can } = found;
	if (!can.edit) return FORBIDDEN('You can use this assistant but not change it');
	if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
		return invalid({ form: 'The request body must be a JSON object' });
	}
	const merged = {
		...definitionOf(row),
		visibility: row.visibility,
		teamId: row.teamId,
		status: row.status,
		...(patch as Record<string, unknown>)
	};
	const parsed = assistantInputSchema.safeParse(merged);
	if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
	const input = parsed.data;
	const sharingChanged = input.visibility !== row.visibility || (input.teamId ?? null) !== row.teamId;
	if (sharingChanged && !can.share) return FORBIDDEN('Only the assistant’s owner can change who it is shared with');
	const refErrors = await checkReferences(actor, input, { checkTeam: sharingChanged });
	if (Object.keys(refErrors).length) return invalid(refErrors);
	const definition = definitionOf(input);
	let sharing = sharingAfterSave(actor, input, row);
	// A built-in always belongs to the organisation; an admin's change to it waits for approval like any other.
	if (row.builtinKey) sharing = { ...sharing, visibility: 'organisation', approval: 'pending', teamId: null };
	const version = await saveAssistantVersion({
		id,
		expectedVersion: row.version,
		definition,
		sharing,
		changeNote: input.changeNote || 'Updated',
		createdBy: user.id
	});
	if (version === undefined) {
		return {
			ok: false,
			status: 409,
			message: 'Someone else saved this assistant just now. Reload it and make your change again.'
		};
	}
	// Only what everyone can use is featured in the directory; a new version waiting for approval keeps
	// its place (declining it takes the place away), so an admin's fix does not cost the assistant it.
	const everyone =
		sharing.visibility === 'organisation' &&
		(sharing.approval === 'approved' || sharing.approval === 'pending') &&
		sharing.status === 'published';
	if (row.featured && !everyone) await setAssistantFeatured(id, false);
	await audit(null, 'assistant.updated', {
		actorId: user.id,
		targetType: 'assistant',
		targetId: id,
		details: {
			changed: changedFields(definitionOf(row), definition),
			before: { version: row.version, visibility: row.visibility, status: row.status, approval: row.approval },
			after: { version, visibility: sharing.visibility, status: sharing.status, approval: sharing.approval }
		}
	});
	const saved = await load(actor, id);
	return saved ? { ok: true, value: toView(saved.row, saved.can) } : NOT_FOUND;
}

export async function deleteAssistant(user: SessionUser, id: string): Promise<Result<null>> {
	const actor = await actorFor(user);
	const found = await load(actor, id);
	if (!found) return NOT_FOUND;
	if (!found.can.delete) {
		return FORBIDDEN(
			found.row.builtinKey
				? 'Built-in assistants cannot be deleted; an admin can unpublish them'
				: 'You cannot delete this assistant'
		);
	}
	await deleteAssistantRow(id);
	await audit(null, 'assistant.deleted', {
		actorId: user.id,
		targetType: 'assistant',
		targetId: id,
		details: { before: { version: found.row.version, visibility: found.row.visibility } }
	});
	return { ok: true, value: null };
}

/** Copies an assistant someone can see into their own space, private and in draft, to adapt. */
export async function duplicateAssistant(user: SessionUser, id: string): Promise<Result<AssistantView>> {
	const actor = await actorFor(user);
	const loaded = await load(actor, id);
	if (!loaded) return NOT_FOUND;
	// A copy of what the person can see: the live version, when a newer one waits for approval.
	const [found] = await asEachSeesThem([loaded]);
	if (!found) return NOT_FOUND;
	const definition = { ...definitionOf(found.row), name: `Copy of ${found.row.name}`.slice(0, 80) };
	const copyId = await insertAssistant({
		definition,
		sharing: { visibility: 'private', teamId: null, status: 'draft', approval: 'none' },
		ownerId: user.id,
		changeNote: `Duplicated from “${found.row.name}” version ${found.row.version}`,
		createdBy: user.id
	});
	await audit(null, 'assistant.created', {
		actorId: user.id,
		targetType: 'assistant',
		targetId: copyId,
		details: { after: { version: 1, duplicatedFrom: id } }
	});
	const copy = await load(actor, copyId);
	return { ok: true, value: toView(copy!.row, copy!.can) };
}

export async function myTeams(user: SessionUser): Promise<{ id: string; name: string; role: TeamRole }[]> {
	return listTeamRolesForUser(user.id);
}
