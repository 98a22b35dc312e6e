import { requireAdmin } from '$lib/server/authz/guards';
import { searchAuditEvents } from '$lib/server/db/queries/audit';
import { AUDIT_ACTIONS } from '$lib/server/governance/audit';
import { AUDIT_PAGE_SIZE, parseAuditFilter } from '$lib/server/governance/audit-filter';
import type { PageServerLoad } from './$types';

/** The audit log, read-only: there is no action on this page, and the database refuses updates and deletes. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const filter = parseAuditFilter(event.url.searchParams);
	const { events, total } = await searchAuditEvents({
		...filter.search,
		limit: AUDIT_PAGE_SIZE,
		offset: (filter.page - 1) * AUDIT_PAGE_SIZE
	});
	return {
		actions: [...AUDIT_ACTIONS].sort(),
		values: filter.values,
		errors: filter.errors,
		page: filter.page,
		pageSize: AUDIT_PAGE_SIZE,
		total,
		events: events.map((e) => ({
			id: e.id,
			occurredAt: e.occurredAt.toISOString(),
			action: e.action,
			actor: e.actorId ? { id: e.actorId, name: e.actorName, email: e.actorEmail } : null,
			target: e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId}` : ''}` : null,
			requestId: e.requestId,
			details: e.details
		}))
	};
};
