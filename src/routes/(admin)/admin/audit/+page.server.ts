import { requireAdmin } from '$lib/server/authz/guards';
import { searchAuditEvents } from '$lib/server/db/queries/audit';
import { AUDIT_ACTION_GROUPS } from '$lib/server/governance/audit-labels';
import { AUDIT_PAGE_SIZE, parseAuditFilter } from '$lib/server/governance/audit-filter';
import { describeAuditEvents } from '$lib/server/governance/audit-view';
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
		actionGroups: AUDIT_ACTION_GROUPS.map((g) => ({
			label: g.label,
			actions: Object.entries(g.actions).map(([value, text]) => ({ value, text: text as string }))
		})),
		values: filter.values,
		errors: filter.errors,
		page: filter.page,
		pageSize: AUDIT_PAGE_SIZE,
		total,
		events: await describeAuditEvents(events)
	};
};
