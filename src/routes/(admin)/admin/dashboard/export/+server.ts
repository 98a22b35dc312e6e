import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { DASHBOARD_TABLES, parseDateRange, SUMMARY_EXPORT } from '$lib/schemas/dashboard';
import { requireAdmin } from '$lib/server/authz/guards';
import { dashboardTable } from '$lib/server/governance/dashboard';
import { headlineCsv, headlineFigures } from '$lib/server/governance/dashboard-headlines';
import { toCsv } from '$lib/utils/csv';
import type { RequestHandler } from './$types';

const NAMES = [SUMMARY_EXPORT, ...DASHBOARD_TABLES] as const;
const tableSchema = z.enum(NAMES, { error: `table must be one of: ${NAMES.join(', ')}` });

/**
 * One dashboard table as CSV: `?table=…&from=YYYY-MM-DD&to=YYYY-MM-DD` (the last 30 days by default).
 * `table=summary` is the headline figures beside the previous period of the same length.
 */
export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	const errorId = event.locals.requestId;
	const table = tableSchema.safeParse(event.url.searchParams.get('table') ?? '');
	if (!table.success) error(400, { message: table.error.issues[0].message, errorId });
	const parsed = parseDateRange(event.url.searchParams);
	if (!parsed.ok) error(400, { message: [parsed.errors.from, parsed.errors.to].filter(Boolean).join('. '), errorId });
	const { range } = parsed;
	let csv: string;
	if (table.data === SUMMARY_EXPORT) {
		const summary = headlineCsv(range, await headlineFigures(range));
		csv = toCsv(summary.header, summary.rows);
	} else {
		const data = await dashboardTable(table.data, range);
		csv = toCsv(
			data.columns.map((c) => c.label),
			data.rows.map((row) => data.columns.map((c) => row[c.key]))
		);
	}
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${table.data}_${range.from}_${range.to}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
