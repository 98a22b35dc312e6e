/**
 * Ranks the candidates of a search. Hybrid search used reciprocal rank fusion, which throws away how far
 * apart the scores are: a passage that matches every rare word of the question, far ahead of the rest,
 * counted no more than a near tie. Score fusion rescales each half's own scores over its candidates and
 * adds them weighted, so a clear lead in either half survives the fusion.
 */
import type { ChunkCandidate, ChunkHit, SearchMode } from '../db/queries/retrieval';

export type FusionMethod = 'rrf' | 'minmax' | 'zscore';
/** How hybrid search combines its two lists; weights multiply each half's rescaled score. */
export type Fusion = { method: FusionMethod; vector: number; keyword: number };

/**
 * Chosen with `npm run eval:retrieval -- --tune` on the tuning half of the question set only (the
 * held-out half is reported, never tuned on). See the README's retrieval section for the figures.
 */
export const DEFAULT_FUSION: Fusion = { method: 'zscore', vector: 0.7, keyword: 1 };

/** Reciprocal rank fusion constant: 60 is the value from the original paper. */
const RRF_K = 60;

/** Each value rescaled over the list: to 0..1 (min-max) or to standard deviations from the mean. */
export function normalise(values: number[], method: Exclude<FusionMethod, 'rrf'>): number[] {
	if (!values.length) return [];
	if (method === 'zscore') {
		const mean = values.reduce((a, b) => a + b, 0) / values.length;
		const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
		return values.map((v) => (sd > 0 ? (v - mean) / sd : 0));
	}
	const min = Math.min(...values);
	const max = Math.max(...values);
	return values.map((v) => (max > min ? (v - min) / (max - min) : 1));
}

/** Rescaled scores of one half by chunk id, and the value a passage missing from that half gets. */
function halfScores(
	candidates: ChunkCandidate[],
	score: (c: ChunkCandidate) => number | null,
	method: Exclude<FusionMethod, 'rrf'>
): { byId: Map<string, number>; missing: number } {
	const present = candidates.filter((c) => score(c) !== null);
	const norm = normalise(
		present.map((c) => score(c)!),
		method
	);
	// Absence from a list never beats presence in it: the missing value is the list's lowest.
	return { byId: new Map(present.map((c, i) => [c.chunkId, norm[i]])), missing: norm.length ? Math.min(...norm) : 0 };
}

function fusedScores(candidates: ChunkCandidate[], fusion: Fusion): number[] {
	if (fusion.method === 'rrf') {
		return candidates.map(
			(c) =>
				(c.vectorRank ? fusion.vector / (RRF_K + c.vectorRank) : 0) +
				(c.keywordRank ? fusion.keyword / (RRF_K + c.keywordRank) : 0)
		);
	}
	const v = halfScores(candidates, (c) => c.similarity, fusion.method);
	const kw = halfScores(candidates, (c) => c.keywordScore, fusion.method);
	return candidates.map(
		(c) =>
			fusion.vector * (v.byId.get(c.chunkId) ?? v.missing) + fusion.keyword * (kw.byId.get(c.chunkId) ?? kw.missing)
	);
}

/**
 * The k best candidates for the mode, best first. Equal scores are ordered by document and position,
 * so a search gives the same order every time (random ids used to decide, moving results between runs).
 */
export function rankCandidates(
	candidates: ChunkCandidate[],
	mode: SearchMode,
	k: number,
	fusion: Fusion = DEFAULT_FUSION
): ChunkHit[] {
	const scores =
		mode === 'vector'
			? candidates.map((c) => c.similarity ?? -Infinity)
			: mode === 'keyword'
				? candidates.map((c) => c.keywordScore ?? -Infinity)
				: fusedScores(candidates, fusion);
	return candidates
		.map((c, i) => ({ c, score: scores[i] }))
		.sort(
			(a, b) =>
				b.score - a.score ||
				a.c.documentSlug.localeCompare(b.c.documentSlug) ||
				a.c.position - b.c.position ||
				a.c.chunkId.localeCompare(b.c.chunkId)
		)
		.slice(0, k)
		.map(({ c, score }) => {
			const { position: _p, similarity: _s, keywordScore: _k, ...hit } = c;
			return { ...hit, score };
		});
}
