import { error } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/authz/guards';
import { searchAuditEvents } from '$lib/server/db/queries/audit';
import { parseAuditFilter } from '$lib/server/governance/audit-filter';
import { describeAuditEvents, type AuditRow } from '$lib/server/governance/audit-view';
import { toCsv, type CsvCell } from '$lib/utils/csv';
import type { RequestHandler } from './$types';

/** Most rows one export holds: an information-governance or FOI request narrows the dates beyond this. */
const MAX_ROWS = 100_000;
const BATCH = 1_000;

const HEADER = [
	'When (UTC)',
	'Who',
	'Email',
	'What',
	'Action code',
	'Target type',
	'Target',
	'Also',
	'Details',
	'Request id'
];

function cells(r: AuditRow): CsvCell[] {
	return [
		r.occurredAt,
		r.actor.label,
		r.actor.email,
		r.actionLabel,
		r.action,
		r.target?.type,
		r.target?.label,
		r.related.join('; '),
		Object.keys(r.details).length ? JSON.stringify(r.details) : '',
		r.requestId
	];
}

/** The audit log as CSV, with the same filters as the screen (`?actor=&action=&from-day=…`), admins only. */
export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	const errorId = event.locals.requestId;
	const filter = parseAuditFilter(event.url.searchParams);
	const problems = Object.values(filter.errors);
	if (problems.length) error(400, { message: problems.join('. '), errorId });
	const first = await searchAuditEvents({ ...filter.search, limit: BATCH, offset: 0 });
	if (first.total > MAX_ROWS) {
		error(400, {
			message: `These filters match ${first.total.toLocaleString('en-GB')} events; one export holds up to ${MAX_ROWS.toLocaleString('en-GB')}. Narrow the dates and export again.`,
			errorId
		});
	}
	const rows: CsvCell[][] = (await describeAuditEvents(first.events)).map(cells);
	for (let offset = BATCH; offset < first.total; offset += BATCH) {
		const page = await searchAuditEvents({ ...filter.search, limit: BATCH, offset });
		rows.push(...(await describeAuditEvents(page.events)).map(cells));
	}
	const stamp = new Date().toISOString().slice(0, 10);
	return new Response(toCsv(HEADER, rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="audit-log_${stamp}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
