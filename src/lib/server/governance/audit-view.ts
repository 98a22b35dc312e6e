/**
 * Audit events in people's language: who (a name, "System", or a pseudonymous reference for a deleted
 * account), what (plain words), and to what (the name of the person, team, document, assistant or
 * collection, or a sensible label when it has been deleted). Names are looked up once per kind per page.
 */
import type { AuditEventWithActor } from '../db/queries/audit';
import { resolveAuditNames, type AuditNameKind, type AuditNames } from '../db/queries/audit-names';
import { deletedPersonLabel } from '../people/pseudonym';
import { actionLabel } from './audit-labels';

export type AuditRow = {
	id: number;
	occurredAt: string;
	actor: { kind: 'system' | 'person' | 'deleted'; label: string; email: string | null };
	action: string;
	actionLabel: string;
	target: { type: string; id: string | null; label: string } | null;
	/** Other people the event names in its details ("New owner: Sam Smith"). */
	related: string[];
	requestId: string | null;
	details: Record<string, unknown>;
};

const NAMED_KINDS: AuditNameKind[] = ['user', 'team', 'document', 'assistant', 'collection'];
const PERSON_DETAILS: Record<string, string> = {
	userId: 'Person',
	newOwnerId: 'New owner',
	invitedBy: 'Invited by'
};

function personLabel(names: AuditNames, id: string): string {
	const p = names.users.get(id);
	return p ? p.name : deletedPersonLabel(id);
}

function targetLabel(names: AuditNames, type: string, id: string | null): string {
	if (!id) return type;
	switch (type) {
		case 'user': {
			const p = names.users.get(id);
			return p ? `${p.name} (${p.email})` : deletedPersonLabel(id);
		}
		case 'team':
			return names.teams.get(id) ?? 'Deleted team';
		case 'document':
			return names.documents.get(id) ?? 'Deleted document';
		case 'assistant':
			return names.assistants.get(id) ?? 'Deleted assistant';
		case 'collection':
			return names.collections.get(id) ?? 'Deleted collection';
		case 'draft':
			// A draft's title is its author's private writing: the log names it by a short reference only.
			return `A draft (reference ${id.slice(0, 8)})`;
		default:
			return `${type.replace(/_/g, ' ')} ${id}`;
	}
}

/** Every id a page of events refers to, by kind. */
function wantedIds(events: AuditEventWithActor[]): Partial<Record<AuditNameKind, Set<string>>> {
	const wanted: Partial<Record<AuditNameKind, Set<string>>> = { user: new Set() };
	for (const e of events) {
		if (e.actorId) wanted.user!.add(e.actorId);
		if (e.targetType && e.targetId && (NAMED_KINDS as string[]).includes(e.targetType)) {
			const kind = e.targetType as AuditNameKind;
			(wanted[kind] ??= new Set()).add(e.targetId);
		}
		for (const key of Object.keys(PERSON_DETAILS)) {
			const v = e.details?.[key];
			if (typeof v === 'string') wanted.user!.add(v);
		}
	}
	return wanted;
}

export async function describeAuditEvents(events: AuditEventWithActor[]): Promise<AuditRow[]> {
	const names = await resolveAuditNames(wantedIds(events));
	return events.map((e) => {
		const actor: AuditRow['actor'] = !e.actorId
			? { kind: 'system', label: 'System', email: null }
			: e.actorEmail
				? { kind: 'person', label: e.actorName ?? '', email: e.actorEmail }
				: { kind: 'deleted', label: deletedPersonLabel(e.actorId), email: null };
		const related = Object.entries(PERSON_DETAILS)
			.filter(([key]) => typeof e.details?.[key] === 'string')
			.map(([key, word]) => `${word}: ${personLabel(names, e.details[key] as string)}`);
		return {
			id: e.id,
			occurredAt: e.occurredAt.toISOString(),
			actor,
			action: e.action,
			actionLabel: actionLabel(e.action),
			target: e.targetType
				? { type: e.targetType, id: e.targetId, label: targetLabel(names, e.targetType, e.targetId) }
				: null,
			related,
			requestId: e.requestId,
			details: e.details
		};
	});
}
