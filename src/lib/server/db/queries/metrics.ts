/**
 * Named queries for the monitoring dashboard. Every one takes a range of whole UTC days (both ends
 * included) and returns counts grouped by day, week, assistant, document, kind or model: never a person,
 * an email address or anything anyone wrote. They run alike on PGlite and PostgreSQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DateRange } from '$lib/schemas/dashboard';
import { addDays } from '$lib/schemas/dashboard';
import { getDb } from '..';
import { rowsOf } from './rows';

async function rows<T>(query: SQL): Promise<T[]> {
	const db = await getDb();
	return rowsOf<T>(await db.execute(query));
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** `column` falls in the range: from the first day's midnight to the midnight after the last day (UTC). */
function within(column: SQL, range: DateRange): SQL {
	return sql`${column} >= ${`${range.from}T00:00:00Z`}::timestamptz and ${column} < ${`${addDays(range.to, 1)}T00:00:00Z`}::timestamptz`;
}

/** People who sent at least one message, by day (days with none are absent). */
export async function activeUsersByDay(range: DateRange): Promise<{ day: string; users: number }[]> {
	const result = await rows<{ day: string; users: unknown }>(sql`
		select to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(distinct c.user_id) as users
		from messages m join chats c on c.id = m.chat_id
		where m.role = 'user' and ${within(sql`m.created_at`, range)}
		group by 1 order by 1`);
	return result.map((r) => ({ day: r.day, users: num(r.users) }));
}

/** People who sent at least one message, by ISO week (the Monday it starts on). */
export async function activeUsersByWeek(range: DateRange): Promise<{ week: string; users: number }[]> {
	const result = await rows<{ week: string; users: unknown }>(sql`
		select to_char(date_trunc('week', m.created_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
			count(distinct c.user_id) as users
		from messages m join chats c on c.id = m.chat_id
		where m.role = 'user' and ${within(sql`m.created_at`, range)}
		group by 1 order by 1`);
	return result.map((r) => ({ week: r.week, users: num(r.users) }));
}

/** Totals over the range: distinct active people, chats started, messages sent and answers written. */
export async function activityTotals(
	range: DateRange
): Promise<{ activeUsers: number; chats: number; messages: number; answers: number }> {
	const [m] = await rows<{ active_users: unknown; messages: unknown; answers: unknown }>(sql`
		select count(distinct c.user_id) filter (where m.role = 'user') as active_users,
			count(*) filter (where m.role = 'user') as messages,
			count(*) filter (where m.role = 'assistant') as answers
		from messages m join chats c on c.id = m.chat_id
		where ${within(sql`m.created_at`, range)}`);
	const [c] = await rows<{ chats: unknown }>(sql`
		select count(*) as chats from chats where ${within(sql`created_at`, range)}`);
	return {
		activeUsers: num(m?.active_users),
		chats: num(c?.chats),
		messages: num(m?.messages),
		answers: num(m?.answers)
	};
}

/** Chats started, messages sent and answers written, by day. */
export async function activityByDay(
	range: DateRange
): Promise<{ day: string; chats: number; messages: number; answers: number }[]> {
	const result = await rows<{ day: string; chats: unknown; messages: unknown; answers: unknown }>(sql`
		with m as (
			select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
				count(*) filter (where role = 'user') as messages,
				count(*) filter (where role = 'assistant') as answers
			from messages where ${within(sql`created_at`, range)} group by 1
		), c as (
			select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*) as chats
			from chats where ${within(sql`created_at`, range)} group by 1
		)
		select coalesce(m.day, c.day) as day, coalesce(c.chats, 0) as chats,
			coalesce(m.messages, 0) as messages, coalesce(m.answers, 0) as answers
		from m full outer join c on c.day = m.day order by 1`);
	return result.map((r) => ({ day: r.day, chats: num(r.chats), messages: num(r.messages), answers: num(r.answers) }));
}

/** Chats started with each assistant (null: a general chat), with their messages and distinct people. */
export async function assistantUsage(
	range: DateRange
): Promise<{ assistantId: string | null; name: string | null; chats: number; messages: number; users: number }[]> {
	const result = await rows<{
		assistant_id: string | null;
		name: string | null;
		chats: unknown;
		messages: unknown;
		users: unknown;
	}>(sql`
		select c.assistant_id, a.name, count(distinct c.id) as chats,
			count(m.id) as messages, count(distinct c.user_id) as users
		from chats c
		left join assistants a on a.id = c.assistant_id
		left join messages m on m.chat_id = c.id and m.role = 'user'
		where ${within(sql`c.created_at`, range)}
		group by c.assistant_id, a.name
		order by count(distinct c.id) desc, a.name nulls last`);
	return result.map((r) => ({
		assistantId: r.assistant_id,
		name: r.name,
		chats: num(r.chats),
		messages: num(r.messages),
		users: num(r.users)
	}));
}

export type FeedbackRow = {
	assistantId: string | null;
	name: string | null;
	answers: number;
	rated: number;
	up: number;
	down: number;
	reasons: { inaccurate: number; wrong_tone: number; ignored_guidance: number; too_long: number; other: number };
};

/** Answers written in the range and the ratings given to them, by the chat's assistant. Comments are never read. */
export async function feedbackByAssistant(range: DateRange): Promise<FeedbackRow[]> {
	const result = await rows<Record<string, unknown> & { assistant_id: string | null; name: string | null }>(sql`
		select c.assistant_id, a.name,
			count(distinct m.id) as answers,
			count(f.id) as rated,
			count(f.id) filter (where f.rating = 'up') as up,
			count(f.id) filter (where f.rating = 'down') as down,
			count(f.id) filter (where f.reason = 'inaccurate') as inaccurate,
			count(f.id) filter (where f.reason = 'wrong_tone') as wrong_tone,
			count(f.id) filter (where f.reason = 'ignored_guidance') as ignored_guidance,
			count(f.id) filter (where f.reason = 'too_long') as too_long,
			count(f.id) filter (where f.reason = 'other') as other
		from messages m
		join chats c on c.id = m.chat_id
		left join assistants a on a.id = c.assistant_id
		left join message_feedback f on f.message_id = m.id
		where m.role = 'assistant' and ${within(sql`m.created_at`, range)}
		group by c.assistant_id, a.name
		order by count(distinct m.id) desc, a.name nulls last`);
	return result.map((r) => ({
		assistantId: r.assistant_id,
		name: r.name,
		answers: num(r.answers),
		rated: num(r.rated),
		up: num(r.up),
		down: num(r.down),
		reasons: {
			inaccurate: num(r.inaccurate),
			wrong_tone: num(r.wrong_tone),
			ignored_guidance: num(r.ignored_guidance),
			too_long: num(r.too_long),
			other: num(r.other)
		}
	}));
}

/** Guidance documents cited by answers in the range, most cited first (the versions cited, too). */
export async function mostCitedDocuments(
	range: DateRange,
	limit = 20
): Promise<{ documentId: string; title: string; citations: number; answers: number; versions: number[] }[]> {
	const result = await rows<{
		document_id: string;
		title: string;
		citations: unknown;
		answers: unknown;
		versions: unknown;
	}>(sql`
		with cited as (
			select m.id as message_id, s->>'documentId' as document_id, s->>'documentTitle' as title,
				(s->>'version')::int as version
			from messages m, jsonb_array_elements(m.sources) s
			where m.role = 'assistant' and m.sources is not null and jsonb_typeof(m.sources) = 'array'
				and ${within(sql`m.created_at`, range)} and s->>'documentId' is not null
		)
		select cited.document_id, coalesce(max(d.title), max(cited.title), '') as title,
			count(*) as citations, count(distinct cited.message_id) as answers,
			array_to_string(array_agg(distinct cited.version order by cited.version), ',') as versions
		from cited left join documents d on d.id::text = cited.document_id
		group by cited.document_id
		order by count(*) desc, 2
		limit ${limit}`);
	return result.map((r) => ({
		documentId: r.document_id,
		title: r.title,
		citations: num(r.citations),
		answers: num(r.answers),
		versions: String(r.versions ?? '')
			.split(',')
			.filter(Boolean)
			.map(Number)
	}));
}

/*
 * One paste can leave several guard events: the browser records the warning (`warned`, or `blocked` in
 * block mode) and then what the person did (`replaced`, or the server's `sent_anyway` as it sends).
 * So warnings count only `warned` and `blocked` events, and what people did is counted separately by
 * outcome: summing every action would count one paste two or three times.
 */
const WARNING_ACTIONS = sql`('warned', 'blocked')`;

/**
 * Personal-data warnings by kind: in how many warnings each kind was found and how many items, then how
 * many times a message with that kind in it was replaced with placeholders, sent anyway or blocked.
 */
export async function personalDataByKind(
	range: DateRange
): Promise<
	{ kind: string; warnings: number; findings: number; replaced: number; sentAnyway: number; blocked: number }[]
> {
	const result = await rows<{
		kind: string;
		warnings: unknown;
		findings: unknown;
		replaced: unknown;
		sent_anyway: unknown;
		blocked: unknown;
	}>(sql`
		select e.key as kind,
			count(*) filter (where g.action in ${WARNING_ACTIONS}) as warnings,
			coalesce(sum(case when e.value ~ '^[0-9]+$' then e.value::bigint else 0 end)
				filter (where g.action in ${WARNING_ACTIONS}), 0) as findings,
			count(*) filter (where g.action = 'replaced') as replaced,
			count(*) filter (where g.action = 'sent_anyway') as sent_anyway,
			count(*) filter (where g.action = 'blocked') as blocked
		from guard_events g, jsonb_each_text(g.counts) e
		where jsonb_typeof(g.counts) = 'object' and ${within(sql`g.created_at`, range)}
		group by e.key order by 2 desc, 3 desc, 1`);
	return result.map((r) => ({
		kind: r.kind,
		warnings: num(r.warnings),
		findings: num(r.findings),
		replaced: num(r.replaced),
		sentAnyway: num(r.sent_anyway),
		blocked: num(r.blocked)
	}));
}

/** How many personal-data warnings there were, and what people did: each event counted once. */
export async function personalDataTotals(
	range: DateRange
): Promise<{ warnings: number; replaced: number; sentAnyway: number; blocked: number }> {
	const [r] = await rows<{ warnings: unknown; replaced: unknown; sent_anyway: unknown; blocked: unknown }>(sql`
		select count(*) filter (where action in ${WARNING_ACTIONS}) as warnings,
			count(*) filter (where action = 'replaced') as replaced,
			count(*) filter (where action = 'sent_anyway') as sent_anyway,
			count(*) filter (where action = 'blocked') as blocked
		from guard_events where ${within(sql`created_at`, range)}`);
	return {
		warnings: num(r?.warnings),
		replaced: num(r?.replaced),
		sentAnyway: num(r?.sent_anyway),
		blocked: num(r?.blocked)
	};
}

/** Answers and tokens by model. */
export async function tokenUsageByModel(
	range: DateRange
): Promise<{ model: string | null; answers: number; promptTokens: number; completionTokens: number }[]> {
	const result = await rows<{
		model: string | null;
		answers: unknown;
		prompt_tokens: unknown;
		completion_tokens: unknown;
	}>(sql`
		select model, count(*) as answers, coalesce(sum(prompt_tokens), 0) as prompt_tokens,
			coalesce(sum(completion_tokens), 0) as completion_tokens
		from messages
		where role = 'assistant' and ${within(sql`created_at`, range)}
		group by model
		order by coalesce(sum(prompt_tokens), 0) + coalesce(sum(completion_tokens), 0) desc, model nulls last`);
	return result.map((r) => ({
		model: r.model,
		answers: num(r.answers),
		promptTokens: num(r.prompt_tokens),
		completionTokens: num(r.completion_tokens)
	}));
}

/**
 * Requests (people's messages) that touch each sensitive topic, by evaluating the given rules inside the
 * database (PostgreSQL regular expressions, case-insensitive): a key counts a message when any of its rules
 * applies, and a rule applies when all its `all` patterns match and none of its `none` patterns do. Only the
 * counts come out.
 */
export async function countMessagesMatching(
	range: DateRange,
	kinds: { key: string; rules: { all: string[]; none: string[] }[] }[]
): Promise<Map<string, number>> {
	if (!kinds.length) return new Map();
	const rule = (r: { all: string[]; none: string[] }) =>
		sql`(${sql.join(
			[...r.all.map((p) => sql`content ~* ${p}::text`), ...r.none.map((p) => sql`not (content ~* ${p}::text)`)],
			sql` and `
		)})`;
	const columns = sql.join(
		kinds.map((k, i) => sql`count(*) filter (where ${sql.join(k.rules.map(rule), sql` or `)}) as ${sql.raw(`c${i}`)}`),
		sql`, `
	);
	const [row] = await rows<Record<string, unknown>>(sql`
		select ${columns} from messages where role = 'user' and ${within(sql`created_at`, range)}`);
	return new Map(kinds.map((k, i) => [k.key, num(row?.[`c${i}`])]));
}
