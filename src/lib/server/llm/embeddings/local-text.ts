/** Text handling for the local embedder: tokens, stop words, spelling variants and hashed vectors for unknown words. */

// Function words carry little topic; SIF weighting would shrink them anyway, dropping them is cheaper.
export const STOP_WORDS: ReadonlySet<string> = new Set(
	(
		'a about above after again against all am an and any are as at be because been before being below between both ' +
		'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
		'herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on ' +
		'once only or other our ours ourselves out over own same she should so some such than that the their theirs them ' +
		'themselves then there these they this those through to too under until up us very was we were what when where ' +
		'which while who whom why will with would you your yours yourself yourselves also may might must shall upon via ' +
		'per etc eg ie'
	).split(' ')
);

/**
 * Lower-cased tokens: numbers such as 3.5 or 1,000 (commas removed), and words that may contain hyphens
 * (kept whole, e.g. 'self-care'; the caller splits them if the compound is unknown). Apostrophes end a word:
 * "don't" → 'do', "nhs's" → 'nhs', "o'neill" → 'neill'. One-character tokens are dropped.
 */
export function tokenize(text: string): string[] {
	const out: string[] = [];
	const lower = text.toLowerCase();
	for (const match of lower.matchAll(TOKEN)) {
		const token = match[0];
		if (token.length < 2) continue;
		if (token.includes("'") || token.includes('’')) {
			const parts = token.split(/['’]/);
			// n't belongs to the negation ("don't" = do + n't), so trim it from the first part.
			if (parts.length === 2 && parts[1] === 't' && parts[0].endsWith('n')) {
				parts[0] = NEGATED.get(parts[0]) ?? parts[0].slice(0, -1);
			}
			for (let i = 0; i < parts.length; i++) {
				if (i > 0 && CLITICS.has(parts[i])) continue;
				if (parts[i].length > 1) out.push(parts[i]);
			}
		} else out.push(NUMBER_WITH_COMMAS.test(token) ? token.replace(/,/g, '') : token);
	}
	return out;
}

const TOKEN = /\p{N}+(?:[.,]\p{N}+)*(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const NUMBER_WITH_COMMAS = /^\d{1,3}(?:,\d{3})+$/;
const CLITICS = new Set(['s', 't', 're', 'll', 've', 'd', 'm']);
const NEGATED = new Map([
	['can', 'can'],
	['won', 'will'],
	['shan', 'shall']
]);

function isNumber(token: string): boolean {
	return /^\p{N}/u.test(token) && !/\p{L}/u.test(token);
}

/**
 * Likely spellings of an unknown word in the (mostly American, news-trained) vocabulary: British 'ae'/'oe'
 * ('haemorrhoids' → 'hemorrhoids', 'oesophagus' → 'esophagus'), '-isation'/'-ise' → '-ization'/'-ize', and
 * a simple singular.
 */
export function spellingVariants(word: string): string[] {
	if (word.length < 4 || isNumber(word)) return [];
	const variants: string[] = [];
	const american = word.replace(/ae/g, 'e').replace(/oe(?=[a-z])/g, 'e');
	if (american !== word) variants.push(american);
	for (const base of american === word ? [word] : [word, american]) {
		if (/is(e|ed|es|ing|ation|ations)$/.test(base))
			variants.push(base.replace(/is(e|ed|es|ing|ation|ations)$/, 'iz$1'));
	}
	for (const v of [word, ...variants]) {
		if (v.length > 4 && v.endsWith('s') && !v.endsWith('ss')) variants.push(v.slice(0, -1));
	}
	return variants;
}

/**
 * A deterministic unit vector for a word outside the vocabulary, built fastText-style from its character
 * 3- to 5-grams (plus the whole word), each mapped by a hash to a pseudo-random direction. The same word
 * always gets the same vector, so a rare term ('BAME', a drug or place name) still matches itself across
 * chunks; words sharing most n-grams (plurals, typos) land close; and random directions are nearly orthogonal
 * to real vocabulary in 100 dimensions, so unknown words add no false meaning. (The alternative, reserving a
 * few hashed dimensions, would take capacity away from every known word.)
 */
export function hashedVector(word: string, dims: number): Float32Array {
	const out = new Float32Array(dims);
	addRandom(out, `<${word}>`);
	// Long junk tokens (IDs, encoded data) would cost thousands of n-grams; their first 48 characters are enough.
	const marked = `<${word.slice(0, 48)}>`;
	for (let n = 3; n <= 5; n++) {
		for (let i = 0; i + n <= marked.length; i++) addRandom(out, marked.slice(i, i + n));
	}
	let sumSquares = 0;
	for (let d = 0; d < dims; d++) sumSquares += out[d] * out[d];
	const norm = Math.sqrt(sumSquares);
	for (let d = 0; d < dims; d++) out[d] /= norm;
	return out;
}

function addRandom(out: Float32Array, key: string): void {
	// FNV-1a, then mulberry32 seeded by it: fast, dependency-free and identical on every platform.
	let hash = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
	let state = hash >>> 0;
	for (let d = 0; d < out.length; d++) {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		out[d] += ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
	}
}
