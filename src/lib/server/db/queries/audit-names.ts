/**
 * Names for the ids in audit events, one query per kind for a whole page (never one per row). Ids of
 * things that have since been deleted are simply missing from the answer.
 */
import { inArray } from 'drizzle-orm';
import { getDb } from '..';
import { assistants, collections, documents, teams, users } from '../schema';

export type AuditNameKind = 'user' | 'team' | 'document' | 'assistant' | 'collection';
export type AuditNames = {
	users: Map<string, { name: string; email: string }>;
	teams: Map<string, string>;
	documents: Map<string, string>;
	assistants: Map<string, string>;
	collections: Map<string, string>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ids(set: Set<string> | undefined): string[] {
	return [...(set ?? [])].filter((id) => UUID.test(id));
}

export async function resolveAuditNames(wanted: Partial<Record<AuditNameKind, Set<string>>>): Promise<AuditNames> {
	const db = await getDb();
	const [u, t, d, a, c] = await Promise.all([
		ids(wanted.user).length
			? db
					.select({ id: users.id, name: users.name, email: users.email })
					.from(users)
					.where(inArray(users.id, ids(wanted.user)))
			: [],
		ids(wanted.team).length
			? db
					.select({ id: teams.id, name: teams.name })
					.from(teams)
					.where(inArray(teams.id, ids(wanted.team)))
			: [],
		ids(wanted.document).length
			? db
					.select({ id: documents.id, name: documents.title })
					.from(documents)
					.where(inArray(documents.id, ids(wanted.document)))
			: [],
		ids(wanted.assistant).length
			? db
					.select({ id: assistants.id, name: assistants.name })
					.from(assistants)
					.where(inArray(assistants.id, ids(wanted.assistant)))
			: [],
		ids(wanted.collection).length
			? db
					.select({ id: collections.id, name: collections.name })
					.from(collections)
					.where(inArray(collections.id, ids(wanted.collection)))
			: []
	]);
	return {
		users: new Map(u.map((r) => [r.id, { name: r.name, email: r.email }])),
		teams: new Map(t.map((r) => [r.id, r.name])),
		documents: new Map(d.map((r) => [r.id, r.name])),
		assistants: new Map(a.map((r) => [r.id, r.name])),
		collections: new Map(c.map((r) => [r.id, r.name]))
	};
}
