import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { DASHBOARD_TABLES, parseDateRange } from '$lib/schemas/dashboard';
import { requireAdmin } from '$lib/server/authz/guards';
import { dashboardTable } from '$lib/server/governance/dashboard';
import { toCsv } from '$lib/utils/csv';
import type { RequestHandler } from './$types';

const tableSchema = z.enum(DASHBOARD_TABLES, { error: `table must be one of: ${DASHBOARD_TABLES.join(', ')}` });

/** One dashboard table as CSV: `?table=…&from=YYYY-MM-DD&to=YYYY-MM-DD` (the last 30 days by default). */
export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	const errorId = event.locals.requestId;
	const table = tableSchema.safeParse(event.url.searchParams.get('table') ?? '');
	if (!table.success) error(400, { message: table.error.issues[0].message, errorId });
	const parsed = parseDateRange(event.url.searchParams);
	if (!parsed.ok) error(400, { message: [parsed.errors.from, parsed.errors.to].filter(Boolean).join('. '), errorId });
	const { range } = parsed;
	const data = await dashboardTable(table.data, range);
	const csv = toCsv(
		data.columns.map((c) => c.label),
		data.rows.map((row) => data.columns.map((c) => row[c.key]))
	);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${table.data}_${range.from}_${range.to}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
