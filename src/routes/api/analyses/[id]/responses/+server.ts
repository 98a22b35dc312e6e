import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireOwnAnalysis } from '$lib/server/analysis/http';
import { findTheme, listResponsesPage } from '$lib/server/db/queries/analysis-results';
import type { RequestHandler } from './$types';

const querySchema = z.object({
	theme: z.string().optional(),
	offset: z.coerce.number({ error: 'offset must be a whole number' }).int().min(0).max(1_000_000).default(0),
	limit: z.coerce
		.number({ error: 'limit must be a whole number' })
		.int()
		.min(1)
		.max(200, 'limit must be 200 or less')
		.default(50)
});

/** Responses (with personal data replaced), all or one theme's (`unassigned`: in no theme), a page at a time. */
export const GET: RequestHandler = async (event) => {
	const { analysis } = await requireOwnAnalysis(event);
	const errorId = event.locals.requestId;
	const parsed = querySchema.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) error(400, { message: parsed.error.issues[0].message, errorId });
	const { theme, offset, limit } = parsed.data;
	if (theme && theme !== 'unassigned' && !(await findTheme(analysis.id, theme))) {
		error(404, { message: 'Theme not found', errorId });
	}
	const page = await listResponsesPage(analysis.id, { theme: theme || undefined, offset, limit });
	return json(page, { headers: { 'cache-control': 'no-store' } });
};
