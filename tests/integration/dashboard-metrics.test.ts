/**
 * The monitoring dashboard against a real database: every metric from seeded rows, the date filter (both
 * ends included, whole UTC days), CSV downloads, admins only, and no personal data in anything it returns.
 */
import { randomUUID } from 'node:crypto';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardTable, DateRange } from '$lib/schemas/dashboard';
import type { SessionUser } from '$lib/schemas/user';
import { assistants, chats, guardEvents, messageFeedback, messages } from '$lib/server/db/schema';
import type { StoredSource } from '$lib/schemas/chat';
import { createUser } from '$lib/server/db/queries/users';
import * as metrics from '$lib/server/db/queries/metrics';
import { dashboardTable, loadDashboard } from '$lib/server/governance/dashboard';
import { setSetting } from '$lib/server/governance/settings';
import * as exportRoute from '../../src/routes/(admin)/admin/dashboard/export/+server';
import * as dashboardPage from '../../src/routes/(admin)/admin/dashboard/+page.server';
import { callRoute } from '../helpers/chat';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;
const october: DateRange = { from: '2026-10-01', to: '2026-10-31' };
const DOC1 = randomUUID();
const DOC2 = randomUUID();
const SECRET_TEXTS = [
	'Write a statement about a complaint',
	'condolence message',
	'secret comment',
	'I want to disclose'
];

const source = (documentId: string, documentTitle: string, version: number, n = 1): StoredSource => ({
	n,
	documentId,
	documentTitle,
	version,
	chunkId: randomUUID(),
	heading: '',
	collection: 'style',
	text: 'passage',
	url: null
});
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
	testDb = await setupTestDatabase();
	const db = testDb.handle.db;
	const a = await createUser({ email: 'admin@nhs.net', name: 'Ada Admin', passwordHash: 'x', role: 'admin' });
	const alice = await createUser({ email: 'alice@nhs.net', name: 'Alice Person', passwordHash: 'x' });
	const bob = await createUser({ email: 'bob@nhs.net', name: 'Bob Person', passwordHash: 'x' });
	const carol = await createUser({ email: 'carol@nhs.net', name: 'Carol Person', passwordHash: 'x' });
	admin = { id: a.id, email: a.email, name: a.name, role: 'admin' };
	member = { id: alice.id, email: alice.email, name: alice.name, role: 'member' };

	const base = { category: 'press', instructions: 'Write well.', intake: { mode: 'none', questions: [] } as never };
	const [press, formula] = await db
		.insert(assistants)
		.values([
			{ ...base, name: 'Press release writer' },
			{ ...base, name: '=HYPERLINK("http://evil","x")' }
		])
		.returning({ id: assistants.id });

	const [c1, c2, c3, c4, cOut] = await db
		.insert(chats)
		.values([
			{ userId: alice.id, assistantId: press.id, createdAt: at('2026-10-05T10:00:00Z') },
			{ userId: bob.id, createdAt: at('2026-10-06T09:00:00Z') },
			{ userId: alice.id, assistantId: press.id, createdAt: at('2026-10-12T08:00:00Z') },
			{ userId: carol.id, assistantId: formula.id, createdAt: at('2026-10-31T23:30:00Z') },
			{ userId: carol.id, createdAt: at('2026-09-20T12:00:00Z') }
		])
		.returning({ id: chats.id });

	const user = (chatId: string, content: string, createdAt: string) => ({
		chatId,
		role: 'user' as const,
		content,
		createdAt: at(createdAt)
	});
	const answer = (
		chatId: string,
		createdAt: string,
		model: string | null,
		promptTokens: number | null,
		completionTokens: number | null,
		sources: StoredSource[] | null = null
	) => ({
		chatId,
		role: 'assistant' as const,
		content: 'Draft',
		model,
		promptTokens,
		completionTokens,
		sources,
		createdAt: at(createdAt)
	});

	const rows = await db
		.insert(messages)
		.values([
			user(c1.id, 'Write a statement about a complaint from a family', '2026-10-05T10:00:00Z'),
			answer(c1.id, '2026-10-05T10:00:05Z', 'gpt-a', 100, 50, [
				source(DOC1, 'Style guide', 1),
				source(DOC2, 'Tone of voice', 2, 2)
			]),
			user(c1.id, 'Make it shorter', '2026-10-06T11:00:00Z'),
			answer(c1.id, '2026-10-06T11:00:05Z', 'gpt-a', 200, 100, [source(DOC1, 'Style guide', 2)]),
			user(c2.id, 'A condolence message after the death of a colleague', '2026-10-06T09:00:00Z'),
			answer(c2.id, '2026-10-06T09:00:05Z', 'gpt-b', 1000, 500),
			user(c3.id, 'Hello', '2026-10-12T08:00:00Z'),
			answer(c3.id, '2026-10-12T08:00:05Z', null, null, null),
			user(c4.id, 'Newsletter intro', '2026-10-31T23:30:00Z'),
			user(c4.id, 'Next day, outside the range', '2026-11-01T00:00:00Z'),
			user(cOut.id, 'Suicide prevention post', '2026-09-20T12:00:00Z'),
			answer(cOut.id, '2026-09-20T12:00:05Z', 'gpt-a', 9999, 9999, [source(DOC1, 'Style guide', 1)])
		])
		.returning({ id: messages.id, role: messages.role, chatId: messages.chatId });
	const answers = rows.filter((r) => r.role === 'assistant');

	await db.insert(messageFeedback).values([
		{ messageId: answers[0].id, userId: alice.id, rating: 'up' },
		{ messageId: answers[1].id, userId: alice.id, rating: 'down', reason: 'inaccurate' },
		{ messageId: answers[2].id, userId: bob.id, rating: 'down', reason: 'wrong_tone', comment: 'secret comment' },
		{ messageId: answers[4].id, userId: carol.id, rating: 'up' }
	]);

	await db.insert(guardEvents).values([
		{ userId: alice.id, counts: { nhs_number: 2, email: 1 }, action: 'warned', createdAt: at('2026-10-05T09:59:00Z') },
		{
			userId: bob.id,
			counts: { email: 1 },
			action: 'sent_anyway',
			reason: 'I want to disclose',
			createdAt: at('2026-10-07T10:00:00Z')
		},
		{ userId: carol.id, counts: { phone: 5 }, action: 'warned', createdAt: at('2026-09-20T10:00:00Z') },
		// One paste in the browser: warned, then replaced with placeholders.
		{ userId: carol.id, counts: { nhs_number: 1 }, action: 'warned', createdAt: at('2026-10-08T10:00:00Z') },
		{ userId: carol.id, counts: { nhs_number: 1 }, action: 'replaced', createdAt: at('2026-10-08T10:00:05Z') },
		// Block mode: the browser records the block, and nothing else follows.
		{ userId: alice.id, counts: { postcode: 1 }, action: 'blocked', createdAt: at('2026-10-09T10:00:00Z') }
	]);
});

afterAll(async () => {
	await testDb?.teardown();
});

const rowsOf = (table: DashboardTable) => table.rows;

describe('metrics queries', () => {
	it('counts active users by day and by ISO week, filling empty days and weeks', async () => {
		const daily = await dashboardTable('active-users-daily', october);
		expect(daily.rows).toHaveLength(31);
		const byDay = Object.fromEntries(daily.rows.map((r) => [r.day, r.users]));
		expect(byDay).toMatchObject({
			'2026-10-05': 1,
			'2026-10-06': 2,
			'2026-10-12': 1,
			'2026-10-31': 1,
			'2026-10-01': 0
		});
		expect(daily.rows.reduce((n, r) => n + (r.users as number), 0)).toBe(5);

		const weekly = await dashboardTable('active-users-weekly', october);
		expect(rowsOf(weekly)).toEqual([
			{ week: '2026-09-28', users: 0 },
			{ week: '2026-10-05', users: 2 },
			{ week: '2026-10-12', users: 1 },
			{ week: '2026-10-19', users: 0 },
			{ week: '2026-10-26', users: 1 }
		]);
	});

	it('counts chats, messages and answers, in total and by day', async () => {
		expect(await metrics.activityTotals(october)).toEqual({ activeUsers: 3, chats: 4, messages: 5, answers: 4 });
		const daily = await dashboardTable('activity-daily', october);
		const oct6 = daily.rows.find((r) => r.day === '2026-10-06');
		expect(oct6).toEqual({ day: '2026-10-06', chats: 1, messages: 2, answers: 2 });
		const oct31 = daily.rows.find((r) => r.day === '2026-10-31');
		expect(oct31).toEqual({ day: '2026-10-31', chats: 1, messages: 1, answers: 0 });
	});

	it('names the assistants used, with general chats on their own row', async () => {
		const table = await dashboardTable('assistants', october);
		expect(table.rows).toEqual([
			{ assistant: 'Press release writer', chats: 2, messages: 3, users: 1 },
			{ assistant: '=HYPERLINK("http://evil","x")', chats: 1, messages: 2, users: 1 },
			{ assistant: 'General chat (no assistant)', chats: 1, messages: 1, users: 1 }
		]);
	});

	it('gives the feedback rate and reasons by assistant, without comments', async () => {
		const table = await dashboardTable('feedback', october);
		const press = table.rows.find((r) => r.assistant === 'Press release writer');
		const general = table.rows.find((r) => r.assistant === 'General chat (no assistant)');
		expect(press).toMatchObject({ answers: 3, rated: 2, rate: 66.7, up: 1, down: 1, inaccurate: 1, wrong_tone: 0 });
		expect(general).toMatchObject({ answers: 1, rated: 1, rate: 100, up: 0, down: 1, wrong_tone: 1, inaccurate: 0 });
		expect(JSON.stringify(table)).not.toContain('secret comment');
	});

	it('ranks the most-cited documents with the versions cited', async () => {
		const rows = await metrics.mostCitedDocuments(october);
		expect(rows).toEqual([
			{ documentId: DOC1, title: 'Style guide', citations: 2, answers: 2, versions: [1, 2] },
			{ documentId: DOC2, title: 'Tone of voice', citations: 1, answers: 1, versions: [2] }
		]);
	});

	it('counts personal-data warnings by kind once, with what people did as outcomes (and never reads the reason)', async () => {
		const table = await dashboardTable('personal-data', october);
		expect(table.columns.map((c) => c.label)).toEqual([
			'Kind',
			'Warnings',
			'Items found',
			'Replaced with placeholders',
			'Sent anyway',
			'Blocked'
		]);
		// Bob's send-anyway has no browser warning in this data, so his email is an outcome, not a warning;
		// Carol's warned-then-replaced NHS number is one warning and one replacement, not two warnings.
		expect(table.rows).toEqual([
			{ kind: 'NHS number', warnings: 2, findings: 3, replaced: 1, sentAnyway: 0, blocked: 0 },
			{ kind: 'Email address', warnings: 1, findings: 1, replaced: 0, sentAnyway: 1, blocked: 0 },
			{ kind: 'Postcode', warnings: 1, findings: 1, replaced: 0, sentAnyway: 0, blocked: 1 }
		]);
		expect(table.chart).toEqual({ labelKey: 'kind', valueKey: 'warnings', unit: 'warnings' });
		expect(await metrics.personalDataTotals(october)).toEqual({ warnings: 3, replaced: 1, sentAnyway: 1, blocked: 1 });
		const { summary } = await loadDashboard(october);
		expect(summary.personalDataWarnings).toBe(3);
		expect(summary.personalDataOutcomes).toEqual({ replaced: 1, sentAnyway: 1, blocked: 1 });
		expect(JSON.stringify(table)).not.toContain('disclose');
	});

	it('sums tokens by model with an energy estimate from the configured factor', async () => {
		expect((await setSetting('metrics.energyWhPer1kTokens', 0.5, admin.id)).ok).toBe(true);
		const table = await dashboardTable('tokens', october);
		expect(table.rows).toEqual([
			{ model: 'gpt-b', answers: 1, promptTokens: 1000, completionTokens: 500, totalTokens: 1500, energyWh: 0.75 },
			{ model: 'gpt-a', answers: 2, promptTokens: 300, completionTokens: 150, totalTokens: 450, energyWh: 0.23 },
			{ model: 'Unknown model', answers: 1, promptTokens: 0, completionTokens: 0, totalTokens: 0, energyWh: 0 }
		]);
		expect(table.description).toContain('0.5 Wh per 1,000 tokens');
		expect(table.description).toContain('estimate');
	});

	it('counts requests that touch sensitive topics, with the detector’s own terms, inside the database', async () => {
		const table = await dashboardTable('sensitive-topics', october);
		const byTopic = Object.fromEntries(table.rows.map((r) => [r.topic, r.requests]));
		expect(byTopic).toEqual({
			Bereavement: 1,
			Complaint: 1,
			Safeguarding: 0,
			'Crisis or major incident': 0,
			'Clinical advice': 0
		});
		const september = await dashboardTable('sensitive-topics', { from: '2026-09-01', to: '2026-09-30' });
		expect(september.rows.find((r) => r.topic === 'Crisis or major incident')?.requests).toBe(1);
	});

	it('filters by date: a single day, and an empty range gives zeros rather than errors', async () => {
		expect(await metrics.activityTotals({ from: '2026-10-06', to: '2026-10-06' })).toEqual({
			activeUsers: 2,
			chats: 1,
			messages: 2,
			answers: 2
		});
		const empty = await loadDashboard({ from: '2025-01-01', to: '2025-01-07' });
		expect(empty.summary).toMatchObject({ activeUsers: 0, chats: 0, messages: 0, feedbackRate: 0, totalTokens: 0 });
		expect(empty.tables.find((t) => t.id === 'assistants')?.rows).toEqual([]);
	});

	it('puts no personal data anywhere in the dashboard', async () => {
		const all = JSON.stringify(await loadDashboard(october));
		for (const secret of ['alice', 'bob', 'carol', 'Ada Admin', 'nhs.net', ...SECRET_TEXTS]) {
			expect(all.toLowerCase()).not.toContain(secret.toLowerCase());
		}
		expect(all).not.toContain(admin.id);
		expect(all).not.toContain(member.id);
	});
});

type LoadResult = Exclude<Awaited<ReturnType<typeof dashboardPage.load>>, void>;
async function loadPage(
	user: SessionUser | null,
	search = ''
): Promise<LoadResult | { status: number; location?: string }> {
	const url = new URL(`http://localhost/admin/dashboard${search}`);
	try {
		return (await dashboardPage.load({
			url,
			locals: { user, session: null, requestId: 'test' }
		} as never)) as LoadResult;
	} catch (e) {
		if (isHttpError(e)) return { status: e.status };
		if (isRedirect(e)) return { status: e.status, location: e.location };
		throw e;
	}
}

describe('dashboard page', () => {
	it('is for admins only: members get 403, signed-out people are sent to sign in', async () => {
		expect(await loadPage(member)).toEqual({ status: 403 });
		expect(await loadPage(null)).toMatchObject({ status: 303, location: expect.stringContaining('/sign-in') });
	});

	it('reads the NHS date inputs and shows the chosen range', async () => {
		const data = (await loadPage(
			admin,
			'?from-day=6&from-month=10&from-year=2026&to-day=6&to-month=10&to-year=2026'
		)) as LoadResult;
		expect(data.range).toEqual({ from: '2026-10-06', to: '2026-10-06' });
		expect(data.dashboard?.summary.messages).toBe(2);
	});

	it('defaults to the last 30 days', async () => {
		const data = (await loadPage(admin)) as LoadResult;
		const today = new Date().toISOString().slice(0, 10);
		expect(data.range?.to).toBe(today);
		expect(data.range && (Date.parse(data.range.to) - Date.parse(data.range.from)) / 86_400_000).toBe(29);
	});

	it('explains an end date before the start date, and a date that does not exist', async () => {
		const data = (await loadPage(
			admin,
			'?from-day=10&from-month=10&from-year=2026&to-day=1&to-month=10&to-year=2026'
		)) as LoadResult;
		expect(data.dashboard).toBeNull();
		expect(data.errors.to).toBe('End date must be the same as or after the start date');
		expect(data.values.to).toEqual({ day: '1', month: '10', year: '2026' });

		const bad = (await loadPage(admin, '?from-day=31&from-month=2&from-year=2026')) as LoadResult;
		expect(bad.errors.from).toBe('Start date must be a real date, for example 21 11 2026');
	});
});

describe('CSV download', () => {
	const csv = (user: SessionUser | null, query: string) =>
		callRoute(exportRoute.GET as never, { user, path: `/admin/dashboard/export?${query}` });

	it('downloads one table as escaped CSV, neutralising formulas', async () => {
		const res = await csv(admin, 'table=assistants&from=2026-10-01&to=2026-10-31');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="assistants_2026-10-01_2026-10-31.csv"');
		const text = await res.text();
		expect(text.split('\r\n')).toEqual([
			'Assistant,Chats,Messages sent,People',
			'Press release writer,2,3,1',
			`"'=HYPERLINK(""http://evil"",""x"")",1,2,1`,
			'General chat (no assistant),1,1,1',
			''
		]);
	});

	it('applies the date range to the download', async () => {
		const res = await csv(admin, 'table=activity-daily&from=2026-10-06&to=2026-10-07');
		expect(await res.text()).toBe(
			'Day,Chats started,Messages sent,Answers written\r\n2026-10-06,1,2,2\r\n2026-10-07,0,0,0\r\n'
		);
	});

	it('refuses an unknown table or a backwards range with a clear 400', async () => {
		const unknown = await csv(admin, 'table=users');
		expect(unknown.status).toBe(400);
		expect(((await unknown.json()) as { message: string }).message).toContain('table must be one of');
		const backwards = await csv(admin, 'table=tokens&from=2026-10-10&to=2026-10-01');
		expect(backwards.status).toBe(400);
		expect(((await backwards.json()) as { message: string }).message).toBe(
			'End date must be the same as or after the start date'
		);
	});

	it('is for admins only', async () => {
		expect((await csv(member, 'table=tokens')).status).toBe(403);
		const signedOut = await callRoute(exportRoute.GET as never, {
			user: null,
			path: '/admin/dashboard/export?table=tokens'
		}).catch((e: unknown) => e);
		expect(isRedirect(signedOut)).toBe(true);
	});
});
