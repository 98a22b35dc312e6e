import { requireAdmin } from '$lib/server/authz/guards';
import { parseDateRange } from '$lib/schemas/dashboard';
import { loadDashboard } from '$lib/server/governance/dashboard';
import type { PageServerLoad } from './$types';

/** The monitoring dashboard for a date range (the last 30 days unless chosen). Counts only, no people. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const parsed = parseDateRange(event.url.searchParams);
	if (!parsed.ok) return { range: null, values: parsed.values, errors: parsed.errors, dashboard: null };
	const errors: { from?: string; to?: string } = {};
	return { range: parsed.range, values: parsed.values, errors, dashboard: await loadDashboard(parsed.range) };
};
