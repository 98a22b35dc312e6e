import { error } from '@sveltejs/kit';
import type { AnalysisView } from '$lib/schemas/analysis';
import type { PageLoad } from './$types';

/**
 * The analysis from the same JSON API the page polls. Someone else's analysis, or none, is the app's
 * normal not-found page (the API answers 404 for both).
 */
export const load: PageLoad = async ({ fetch, params }) => {
	const res = await fetch(`/api/analyses/${encodeURIComponent(params.id)}`, {
		headers: { accept: 'application/json' }
	});
	const body = (await res.json().catch(() => null)) as (AnalysisView & { message?: string; errorId?: string }) | null;
	if (res.status === 404) error(404, { message: 'Analysis not found', errorId: body?.errorId });
	if (!res.ok || !body) {
		error(res.status >= 400 ? res.status : 500, {
			message: body?.message ?? 'The analysis could not be loaded',
			errorId: body?.errorId
		});
	}
	return { id: params.id, analysis: body };
};
