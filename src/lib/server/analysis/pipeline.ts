/**
 * The three model phases of an analysis, in the spirit of i.AI's ThemeFinder: themes proposed per
 * batch of responses, condensed and deduplicated into one reviewable set, then every response mapped to
 * zero or more of them. Each finished batch is saved with its result; a resumed run reads finished
 * batches back and asks the model only for the rest.
 */
import {
	listFinishedBatches,
	listResponsesByNumber,
	saveBatch,
	saveMappingBatch,
	saveProposedThemes
} from '../db/queries/analyses';
import { listThemesWithCounts } from '../db/queries/analysis-results';
import { loadPrompt, renderPrompt } from '../llm/prompts';
import { askModel, runPool, type RunContext } from './model-calls';
import {
	batchCount,
	batchRange,
	condenseGroups,
	dedupeThemes,
	MAP_BATCH,
	mappingOutput,
	MAX_THEMES,
	PROPOSE_BATCH,
	readAssignments,
	responseLines,
	themeLines,
	themesOutput,
	type ThemeProposal
} from './plan';

/** Themes a proposing call may add. */
const THEMES_PER_BATCH = 8;

function indexes(count: number, from = 0): number[] {
	return Array.from({ length: count }, (_, i) => i + from);
}

/** Proposes themes over every batch not yet finished; returns all proposals in batch order. */
export async function proposeThemes(ctx: RunContext, n: number): Promise<ThemeProposal[]> {
	const prompt = await loadPrompt('analysis-themes');
	const batches = batchCount(n, PROPOSE_BATCH);
	const results = new Map<number, ThemeProposal[]>();
	for (const b of await listFinishedBatches(ctx.analysisId, 'propose'))
		results.set(b.index, b.result as ThemeProposal[]);
	const pending = indexes(batches).filter((i) => !results.has(i));
	await runPool(pending, ctx.concurrency, async (index) => {
		const range = batchRange(index, PROPOSE_BATCH, n);
		const responses = await listResponsesByNumber(ctx.analysisId, range.from, range.to);
		const text = renderPrompt(prompt, {
			question: ctx.question,
			batch: String(index + 1),
			batches: String(batches),
			responses: responseLines(responses)
		});
		const label = `Proposing themes for responses ${range.from} to ${range.to}`;
		const { value, attempts } = await askModel(ctx, label, text, themesOutput);
		const themes = dedupeThemes(value.themes).slice(0, THEMES_PER_BATCH);
		await saveBatch({ id: ctx.analysisId, run: ctx.run, phase: 'propose', index, result: themes, attempts });
		results.set(index, themes);
		await ctx.advanced();
	});
	return indexes(batches).flatMap((i) => results.get(i) ?? []);
}

async function condenseCall(ctx: RunContext, themes: ThemeProposal[], label: string) {
	const prompt = await loadPrompt('analysis-condense');
	const text = renderPrompt(prompt, {
		question: ctx.question,
		maxThemes: String(MAX_THEMES),
		themes: themeLines(themes, false)
	});
	const { value, attempts } = await askModel(ctx, label, text, themesOutput, 3000);
	return { themes: dedupeThemes(value.themes).slice(0, MAX_THEMES), attempts };
}

/** Condenses groups of proposals first when there are many (batches 1…8), then all into the final set (batch 0). */
export async function condenseThemes(ctx: RunContext, proposals: ThemeProposal[]): Promise<void> {
	const finished = await listFinishedBatches(ctx.analysisId, 'condense');
	if (finished.some((b) => b.index === 0)) return;
	const groups = condenseGroups(dedupeThemes(proposals));
	let candidates = groups[0];
	if (groups.length > 1) {
		const results = new Map<number, ThemeProposal[]>(finished.map((b) => [b.index, b.result as ThemeProposal[]]));
		const pending = indexes(groups.length, 1).filter((i) => !results.has(i));
		await runPool(pending, ctx.concurrency, async (index) => {
			const label = `Combining themes (part ${index} of ${groups.length})`;
			const { themes, attempts } = await condenseCall(ctx, groups[index - 1], label);
			const batch = { id: ctx.analysisId, run: ctx.run, phase: 'condense' as const, index, result: themes, attempts };
			await saveBatch(batch, undefined, false);
			results.set(index, themes);
		});
		candidates = dedupeThemes(indexes(groups.length, 1).flatMap((i) => results.get(i) ?? []));
	}
	const { themes, attempts } = await condenseCall(ctx, candidates, 'Combining the themes');
	const detail = `Proposed ${themes.length} themes from ${proposals.length} found in batches of responses: ${themes
		.map((t) => t.title)
		.join('; ')}`;
	await saveProposedThemes({ id: ctx.analysisId, run: ctx.run, index: 0, attempts, result: themes }, themes, detail);
	await ctx.advanced();
}

/** Maps every response of the batches not yet finished to the themes. */
export async function mapResponses(ctx: RunContext, n: number): Promise<void> {
	const prompt = await loadPrompt('analysis-map');
	const themes = await listThemesWithCounts(ctx.analysisId);
	const lines = themeLines(themes, true);
	const finished = new Set((await listFinishedBatches(ctx.analysisId, 'map')).map((b) => b.index));
	const pending = indexes(batchCount(n, MAP_BATCH)).filter((i) => !finished.has(i));
	await runPool(pending, ctx.concurrency, async (index) => {
		const range = batchRange(index, MAP_BATCH, n);
		const responses = await listResponsesByNumber(ctx.analysisId, range.from, range.to);
		const text = renderPrompt(prompt, { question: ctx.question, themes: lines, responses: responseLines(responses) });
		const label = `Assigning responses ${range.from} to ${range.to} to themes`;
		const { value, attempts } = await askModel(ctx, label, text, mappingOutput);
		const assigned = readAssignments(value, range, themes.length);
		const links = responses.flatMap((r) =>
			(assigned.get(r.number) ?? []).map((t) => ({ responseId: r.id, themeId: themes[t].id }))
		);
		await saveMappingBatch({ id: ctx.analysisId, run: ctx.run, index, attempts }, links);
		await ctx.advanced();
	});
}
