/**
 * The shape of an analysis run, worked out before any model call so that it always fits the budget of
 * 2 × ceil(n / 20) + 20 calls for n responses: themes proposed over batches of 50 (ceil(n / 50) calls),
 * condensed in at most 9 calls (up to 8 groups, then one final pass), and every response mapped in
 * batches of 20 (ceil(n / 20) calls). What is left of the budget pays for retries.
 */
import { z } from 'zod';

export const PROPOSE_BATCH = 50;
export const MAP_BATCH = 20;
/** Proposed themes one condensing call reads. */
export const CONDENSE_GROUP = 60;
export const MAX_CONDENSE_GROUPS = 8;
/** Most themes an analysis ends with (people can merge and split afterwards). */
export const MAX_THEMES = 20;
/** Attempts for one batch before the analysis is reported failed. */
export const BATCH_ATTEMPTS = 3;
/** Longest response text the model reads (the stored response is kept whole). */
export const MAX_RESPONSE_CHARS = 1500;

/** The most model calls an analysis of `n` responses may make. */
export function callBudget(n: number): number {
	return 2 * Math.ceil(n / 20) + 20;
}

export function batchCount(n: number, size: number): number {
	return Math.ceil(n / size);
}

/** The response numbers (1-based, inclusive) of batch `index`. */
export function batchRange(index: number, size: number, n: number): { from: number; to: number } {
	return { from: index * size + 1, to: Math.min(n, (index + 1) * size) };
}

/** Progress steps: each proposal batch, condensing as one step, each mapping batch. */
export function progressTotal(n: number): number {
	return batchCount(n, PROPOSE_BATCH) + 1 + batchCount(n, MAP_BATCH);
}

export type ThemeProposal = { title: string; description: string };

const proposal = z.object({
	title: z.string().trim().min(1).max(300),
	description: z.string().trim().max(2000).optional().default('')
});

/** What a proposing or condensing call must answer. */
export const themesOutput = z.object({ themes: z.array(proposal).min(1) });

const id = z.union([z.string(), z.number()]);
/** What a mapping call must answer. */
export const mappingOutput = z.object({
	assignments: z.array(z.object({ response: id, themes: z.array(id).optional().default([]) }))
});

function normalised(title: string): string {
	return title
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** Drops themes whose titles differ only in case or punctuation, keeping the first; titles trimmed to 120. */
export function dedupeThemes(themes: ThemeProposal[]): ThemeProposal[] {
	const seen = new Set<string>();
	const out: ThemeProposal[] = [];
	for (const t of themes) {
		const key = normalised(t.title);
		if (!key || seen.has(key)) continue;
		seen.add(key);
		out.push({ title: t.title.slice(0, 120), description: t.description.slice(0, 500) });
	}
	return out;
}

/** Splits the proposed themes into the groups condensed first; one group means a single final pass. */
export function condenseGroups(themes: ThemeProposal[]): ThemeProposal[][] {
	if (themes.length <= CONDENSE_GROUP) return [themes];
	const groups = Math.min(MAX_CONDENSE_GROUPS, Math.ceil(themes.length / CONDENSE_GROUP));
	const size = Math.ceil(themes.length / groups);
	return Array.from({ length: groups }, (_, i) => themes.slice(i * size, (i + 1) * size)).filter((g) => g.length);
}

function idNumber(value: string | number, prefix: string): number | null {
	const match = new RegExp(`^\\s*${prefix}?\\s*(\\d+)\\s*$`, 'i').exec(String(value));
	return match ? Number(match[1]) : null;
}

/**
 * Which theme positions each response number was assigned. Response ids outside the batch and theme
 * ids not offered are ignored (a model may invent them); a response the model skipped has no entry.
 */
export function readAssignments(
	output: z.output<typeof mappingOutput>,
	batch: { from: number; to: number },
	themeCount: number
): Map<number, number[]> {
	const out = new Map<number, number[]>();
	for (const a of output.assignments) {
		const number = idNumber(a.response, 'R');
		if (number === null || number < batch.from || number > batch.to) continue;
		const themes = new Set(out.get(number) ?? []);
		for (const t of a.themes) {
			const n = idNumber(t, 'T');
			if (n !== null && n >= 1 && n <= themeCount) themes.add(n - 1);
		}
		out.set(number, [...themes]);
	}
	return out;
}

/** The responses as the model reads them: "R12: text", long ones shortened. */
export function responseLines(responses: { number: number; text: string }[]): string {
	return responses
		.map((r) => {
			const text = r.text.replace(/\s+/g, ' ').trim();
			return `R${r.number}: ${text.length > MAX_RESPONSE_CHARS ? `${text.slice(0, MAX_RESPONSE_CHARS)}…` : text}`;
		})
		.join('\n');
}

export function themeLines(themes: ThemeProposal[], withIds: boolean): string {
	return themes
		.map((t, i) => `${withIds ? `T${i + 1}` : `${i + 1}.`} ${t.title}${t.description ? ` — ${t.description}` : ''}`)
		.join('\n');
}
