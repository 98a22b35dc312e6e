import { DEFAULT_RETRIEVAL_K, RETRIEVAL_K_CHOICES, type RetrievalModeView } from '$lib/schemas/corpus';
import { requireAdmin } from '$lib/server/authz/guards';
import { listCollections } from '$lib/server/db/queries/corpus';
import { searchGuidance, searchModes, UnknownCollectionError } from '$lib/server/retrieval/search';
import type { PageServerLoad } from './$types';

const MAX_QUERY_LENGTH = 1000;

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const params = event.url.searchParams;
	const query = (params.get('q') ?? '').trim();
	const selected = params.getAll('collection').filter(Boolean);
	const askedK = Number(params.get('k'));
	const k = (RETRIEVAL_K_CHOICES as readonly number[]).includes(askedK) ? askedK : DEFAULT_RETRIEVAL_K;
	const collections = (await listCollections()).map((c) => ({ slug: c.slug, name: c.name }));
	const base = { collections, query, selected, k };

	if (!query) return { ...base, modes: null, errors: {} };
	if (query.length > MAX_QUERY_LENGTH) {
		return { ...base, modes: null, errors: { q: `Search text must be ${MAX_QUERY_LENGTH} characters or fewer` } };
	}
	try {
		const modes: RetrievalModeView[] = [];
		// One after another: the embedded database serves one query at a time anyway.
		for (const mode of searchModes) {
			const found = await searchGuidance({ query, mode, k, collections: selected });
			modes.push({
				mode,
				tookMs: found.tookMs,
				results: found.results.map((r) => ({
					rank: r.rank,
					score: r.score,
					chunkId: r.chunkId,
					documentId: r.documentId,
					documentTitle: r.documentTitle,
					heading: r.heading,
					collectionName: r.collectionName,
					version: r.version,
					text: r.text,
					vectorRank: r.vectorRank,
					keywordRank: r.keywordRank
				}))
			});
		}
		return { ...base, modes, errors: {} };
	} catch (e) {
		if (e instanceof UnknownCollectionError) {
			return { ...base, modes: null, errors: { collections: `${e.message}. Choose from the list.` } };
		}
		throw e;
	}
};
