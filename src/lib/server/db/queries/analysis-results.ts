/**
 * An analysis's results as people see and change them: themes with their counts and representative
 * quotes, responses by theme, the history, and the edits (rename, merge, split), each in one
 * transaction with its history entry so counts always follow.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '..';
import {
	analysisHistory,
	analysisResponses,
	analysisResponseThemes,
	analysisThemes,
	type AnalysisHistoryEntry,
	type AnalysisTheme
} from '../schema';
import { isUuid } from './chats';
import { rowsOf } from './rows';
import type { Tx } from './analyses';

export type ThemeWithCount = AnalysisTheme & { count: number };

/** Themes in order, each with how many responses it holds. */
export async function listThemesWithCounts(analysisId: string): Promise<ThemeWithCount[]> {
	const db = await getDb();
	const rows = await db
		.select({ theme: analysisThemes, count: sql<number>`count(${analysisResponseThemes.responseId})::int` })
		.from(analysisThemes)
		.leftJoin(analysisResponseThemes, eq(analysisResponseThemes.themeId, analysisThemes.id))
		.where(eq(analysisThemes.analysisId, analysisId))
		.groupBy(analysisThemes.id)
		.orderBy(asc(analysisThemes.position), asc(analysisThemes.createdAt));
	return rows.map((r) => ({ ...r.theme, count: Number(r.count) }));
}

/** Responses in no theme. */
export async function countUnassigned(analysisId: string): Promise<number> {
	const db = await getDb();
	const [row] = rowsOf<{ n: number }>(
		await db.execute(sql`
			select count(*)::int as n from analysis_responses r
			where r.analysis_id = ${analysisId}
				and not exists (select 1 from analysis_response_themes l where l.response_id = r.id)`)
	);
	return Number(row?.n ?? 0);
}

/**
 * Up to `perTheme` quotes a theme: the responses most about that theme (in the fewest themes), of a
 * readable length, earliest first among equals. One query for every theme.
 */
export async function representativeQuotes(analysisId: string, perTheme = 3): Promise<Map<string, string[]>> {
	const db = await getDb();
	const rows = rowsOf<{ themeId: string; text: string }>(
		await db.execute(sql`
			with themed as (
				select l.theme_id, r.text, r.number,
					(select count(*) from analysis_response_themes o where o.response_id = r.id) as spread
				from analysis_response_themes l join analysis_responses r on r.id = l.response_id
				where l.analysis_id = ${analysisId}),
			ranked as (
				select theme_id, text, row_number() over (partition by theme_id
					order by spread, abs(length(text) - 140), number) as rank
				from themed)
			select theme_id as "themeId", text from ranked where rank <= ${perTheme} order by theme_id, rank`)
	);
	const quotes = new Map<string, string[]>();
	for (const r of rows) quotes.set(r.themeId, [...(quotes.get(r.themeId) ?? []), r.text]);
	return quotes;
}

export async function listHistory(analysisId: string): Promise<AnalysisHistoryEntry[]> {
	const db = await getDb();
	return db
		.select()
		.from(analysisHistory)
		.where(eq(analysisHistory.analysisId, analysisId))
		.orderBy(desc(analysisHistory.at), desc(analysisHistory.id));
}

export type ResponsePage = {
	responses: { id: string; number: number; text: string; themeIds: string[] }[];
	total: number;
};

/** One page of responses, all or those of a theme (or in none), in file order, each with its theme ids. */
export async function listResponsesPage(
	analysisId: string,
	filter: { theme?: string | 'unassigned'; offset: number; limit: number }
): Promise<ResponsePage> {
	const db = await getDb();
	const where =
		filter.theme === undefined
			? sql`true`
			: filter.theme === 'unassigned'
				? sql`not exists (select 1 from analysis_response_themes l where l.response_id = r.id)`
				: sql`exists (select 1 from analysis_response_themes l where l.response_id = r.id and l.theme_id = ${filter.theme})`;
	const [{ total }] = rowsOf<{ total: number }>(
		await db.execute(
			sql`select count(*)::int as total from analysis_responses r where r.analysis_id = ${analysisId} and ${where}`
		)
	);
	const page = rowsOf<{ id: string; number: number; text: string }>(
		await db.execute(sql`
			select r.id, r.number, r.text from analysis_responses r where r.analysis_id = ${analysisId} and ${where}
			order by r.number limit ${filter.limit} offset ${filter.offset}`)
	);
	const links = await themeLinks(page.map((r) => r.id));
	const responses = page.map((r) => ({
		id: r.id,
		number: Number(r.number),
		text: r.text,
		themeIds: links.get(r.id) ?? []
	}));
	return { responses, total: Number(total) };
}

async function themeLinks(responseIds: string[]): Promise<Map<string, string[]>> {
	const map = new Map<string, string[]>();
	if (!responseIds.length) return map;
	const db = await getDb();
	const rows = await db
		.select({ responseId: analysisResponseThemes.responseId, themeId: analysisResponseThemes.themeId })
		.from(analysisResponseThemes)
		.innerJoin(analysisThemes, eq(analysisThemes.id, analysisResponseThemes.themeId))
		.where(inArray(analysisResponseThemes.responseId, responseIds))
		.orderBy(asc(analysisThemes.position));
	for (const r of rows) map.set(r.responseId, [...(map.get(r.responseId) ?? []), r.themeId]);
	return map;
}

/** Every response with its theme titles, in file order, read `size` at a time (for exports). */
export async function* exportRows(
	analysisId: string,
	size = 1000
): AsyncGenerator<{ number: number; row: number; text: string; themes: string[] }[]> {
	const db = await getDb();
	for (let after = 0; ;) {
		const rows = rowsOf<{ number: number; row: number; text: string; themes: string[] | null }>(
			await db.execute(sql`
				select r.number, r.row, r.text,
					(select array_agg(t.title order by t.position) from analysis_response_themes l
						join analysis_themes t on t.id = l.theme_id where l.response_id = r.id) as themes
				from analysis_responses r where r.analysis_id = ${analysisId} and r.number > ${after}
				order by r.number limit ${size}`)
		);
		if (!rows.length) return;
		yield rows.map((r) => ({ number: Number(r.number), row: Number(r.row), text: r.text, themes: r.themes ?? [] }));
		after = Number(rows[rows.length - 1].number);
	}
}

export type Actor = { id: string; name: string };

async function addHistory(tx: Tx, analysisId: string, actor: Actor, action: string, detail: string) {
	await tx
		.insert(analysisHistory)
		.values({ analysisId, actorId: actor.id, actorName: actor.name, action, detail, at: sql`clock_timestamp()` });
}

export async function findTheme(analysisId: string, themeId: string): Promise<AnalysisTheme | undefined> {
	if (!isUuid(themeId)) return undefined;
	const db = await getDb();
	const [row] = await db
		.select()
		.from(analysisThemes)
		.where(and(eq(analysisThemes.id, themeId), eq(analysisThemes.analysisId, analysisId)))
		.limit(1);
	return row;
}

export async function findThemes(analysisId: string, themeIds: string[]): Promise<AnalysisTheme[]> {
	const valid = [...new Set(themeIds.filter(isUuid))];
	if (!valid.length) return [];
	const db = await getDb();
	return db
		.select()
		.from(analysisThemes)
		.where(and(eq(analysisThemes.analysisId, analysisId), inArray(analysisThemes.id, valid)))
		.orderBy(asc(analysisThemes.position));
}

export async function renameTheme(
	theme: AnalysisTheme,
	change: { title?: string; description?: string },
	actor: Actor,
	detail: string
): Promise<void> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		await tx
			.update(analysisThemes)
			.set({ ...change, edited: true })
			.where(eq(analysisThemes.id, theme.id));
		await addHistory(tx, theme.analysisId, actor, 'renamed theme', detail);
	});
}

/** Replaces the themes with one holding every response of theirs, each once. */
export async function mergeThemes(
	themes: AnalysisTheme[],
	merged: { title: string; description: string },
	actor: Actor,
	detail: string
): Promise<string> {
	const db = await getDb();
	const analysisId = themes[0].analysisId;
	const ids = themes.map((t) => t.id);
	return db.transaction(async (tx) => {
		const [theme] = await tx
			.insert(analysisThemes)
			.values({ analysisId, position: Math.min(...themes.map((t) => t.position)), ...merged, edited: true })
			.returning({ id: analysisThemes.id });
		await tx.execute(sql`
			insert into analysis_response_themes (analysis_id, response_id, theme_id)
			select distinct ${analysisId}::uuid, response_id, ${theme.id}::uuid from analysis_response_themes
			where theme_id in (${sql.join(
				ids.map((id) => sql`${id}::uuid`),
				sql`, `
			)})`);
		await tx.delete(analysisThemes).where(inArray(analysisThemes.id, ids));
		await addHistory(tx, analysisId, actor, 'merged themes', detail);
		return theme.id;
	});
}

/** Which of these response ids are in the theme. */
export async function responsesInTheme(themeId: string, responseIds: string[]): Promise<string[]> {
	const valid = [...new Set(responseIds.filter(isUuid))];
	if (!valid.length) return [];
	const db = await getDb();
	const rows = await db
		.select({ id: analysisResponseThemes.responseId })
		.from(analysisResponseThemes)
		.where(and(eq(analysisResponseThemes.themeId, themeId), inArray(analysisResponseThemes.responseId, valid)));
	return rows.map((r) => r.id);
}

/** Moves the responses from the theme to a new theme placed just after it. */
export async function splitTheme(
	theme: AnalysisTheme,
	created: { title: string; description: string },
	responseIds: string[],
	actor: Actor,
	detail: string
): Promise<string> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		await tx
			.update(analysisThemes)
			.set({ position: sql`${analysisThemes.position} + 1` })
			.where(and(eq(analysisThemes.analysisId, theme.analysisId), sql`${analysisThemes.position} > ${theme.position}`));
		const [row] = await tx
			.insert(analysisThemes)
			.values({ analysisId: theme.analysisId, position: theme.position + 1, ...created, edited: true })
			.returning({ id: analysisThemes.id });
		await tx
			.delete(analysisResponseThemes)
			.where(
				and(eq(analysisResponseThemes.themeId, theme.id), inArray(analysisResponseThemes.responseId, responseIds))
			);
		await tx
			.insert(analysisResponseThemes)
			.values(responseIds.map((responseId) => ({ analysisId: theme.analysisId, responseId, themeId: row.id })));
		await addHistory(tx, theme.analysisId, actor, 'split theme', detail);
		return row.id;
	});
}

export async function countResponses(analysisId: string): Promise<number> {
	const db = await getDb();
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(analysisResponses)
		.where(eq(analysisResponses.analysisId, analysisId));
	return Number(row?.n ?? 0);
}
