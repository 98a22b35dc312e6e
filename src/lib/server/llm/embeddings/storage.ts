import { STORAGE_DIMENSIONS } from './types';

export { STORAGE_DIMENSIONS };

/**
 * Turns a model's vector into the form stored in Postgres: L2-normalised and zero-padded to STORAGE_DIMENSIONS.
 *
 * Why pad: pgvector's HNSW index needs one fixed dimension per column, but models differ (100 for the local
 * embedder, 256–1024 for hosted ones). Appending zeros changes neither the dot product nor the norm, so cosine
 * distance between two padded vectors equals the distance between the originals. Every model with at most
 * 1024 dimensions therefore shares one column and one index. Vectors of different models are still not
 * comparable, so each chunk records its embedder id and a query only compares against chunks of the current model.
 * Normalising here as well makes cosine, inner-product and L2 orderings agree, whatever the operator used.
 */
export function toStorageVector(v: number[]): number[] {
	if (v.length > STORAGE_DIMENSIONS) {
		throw new Error(
			`Embedding has ${v.length} dimensions but storage holds at most ${STORAGE_DIMENSIONS}; ` +
				`choose a model or EMBEDDINGS_DIMENSIONS of ${STORAGE_DIMENSIONS} or fewer.`
		);
	}
	let sumSquares = 0;
	for (const x of v) sumSquares += x * x;
	const norm = Math.sqrt(sumSquares);
	// A zero (or NaN) vector has no direction: pgvector's cosine distance would be NaN.
	if (!(norm > 0) || !Number.isFinite(norm)) {
		throw new Error('Cannot store an embedding with zero or non-finite length: cosine distance would be NaN.');
	}
	const out = new Array<number>(STORAGE_DIMENSIONS).fill(0);
	for (let i = 0; i < v.length; i++) out[i] = v[i] / norm;
	return out;
}
