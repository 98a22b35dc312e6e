/**
 * The dashboard overview against a real database: headline figures beside the previous period of the
 * same length (the comparison maths), the summary CSV, pass rates by assistant (latest, by version,
 * trend, only completed runs of the assistants' own cases in the range), and the inclusive-language
 * audit report's queries, grouping and form.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DateRange } from '$lib/schemas/dashboard';
import { previousRange } from '$lib/schemas/dashboard';
import type { SessionUser } from '$lib/schemas/user';
import {
	assistantEvaluationResults,
	assistantEvaluations,
	assistants,
	chats,
	messages,
	styleRules
} from '$lib/server/db/schema';
import { seedStyleRules } from '$lib/server/governance/style-rules';
import { createUser } from '$lib/server/db/queries/users';
import {
	completedRunsBetween,
	evaluationTotals,
	findAuditRun,
	listAuditableAssistants,
	listAuditRuns
} from '$lib/server/db/queries/evaluation-metrics';
import { compareFigures, headlineFigures, periodFigures } from '$lib/server/governance/dashboard-headlines';
import { AUDIT_NO_MODEL_MESSAGE } from '$lib/server/assistants/evaluation/runner';
import { chatSettings, useChatSettings } from '$lib/server/llm/chat-models';
import { formatDateTime } from '$lib/utils/dates';
import { passRatesByAssistant, passRatesTable } from '$lib/server/governance/dashboard-pass-rates';
import {
	passRateHistory,
	passRateHistoryTable,
	passRateSeries
} from '$lib/server/governance/dashboard-pass-rate-history';
import { loadDashboard } from '$lib/server/governance/dashboard';
import { groupByAudience } from '$lib/server/governance/inclusive-audit-report';
import * as exportRoute from '../../src/routes/(admin)/admin/dashboard/export/+server';
import * as auditPage from '../../src/routes/(admin)/admin/dashboard/inclusive-language/+page.server';
import { callRoute } from '../helpers/chat';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;
const october: DateRange = { from: '2026-10-01', to: '2026-10-31' };
const at = (iso: string) => new Date(iso);
let press: { id: string };
let social: { id: string };
let auditId: string;
let olderAuditId: string;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	const db = testDb.handle.db;
	const a = await createUser({ email: 'admin@nhs.net', name: 'Ada Admin', passwordHash: 'x', role: 'admin' });
	const alice = await createUser({ email: 'alice@nhs.net', name: 'Alice Person', passwordHash: 'x' });
	const bob = await createUser({ email: 'bob@nhs.net', name: 'Bob Person', passwordHash: 'x' });
	admin = { id: a.id, email: a.email, name: a.name, role: 'admin' };
	member = { id: alice.id, email: alice.email, name: alice.name, role: 'member' };
	const base = {
		category: 'press',
		instructions: 'Write well.',
		intake: { mode: 'none', questions: [] } as never,
		visibility: 'organisation' as const
	};
	[press, social] = await db
		.insert(assistants)
		.values([
			{ ...base, name: 'Press release writer', status: 'published', version: 3 },
			{ ...base, name: 'Social media posts', status: 'published', version: 1 }
		])
		.returning({ id: assistants.id });

	// October (31 days) against 31 August to 30 September: 4 chats now, 2 then; 2 people now, 1 then.
	const chatRows = await db
		.insert(chats)
		.values([
			{ userId: alice.id, createdAt: at('2026-10-02T10:00:00Z') },
			{ userId: alice.id, createdAt: at('2026-10-10T10:00:00Z') },
			{ userId: bob.id, createdAt: at('2026-10-20T10:00:00Z') },
			{ userId: bob.id, createdAt: at('2026-10-31T23:00:00Z') },
			{ userId: alice.id, createdAt: at('2026-09-05T10:00:00Z') },
			{ userId: alice.id, createdAt: at('2026-08-31T00:30:00Z') },
			{ userId: alice.id, createdAt: at('2026-08-30T12:00:00Z') } // before both periods
		])
		.returning({ id: chats.id, createdAt: chats.createdAt });
	await db.insert(messages).values(
		chatRows.flatMap((c) => [
			{ chatId: c.id, role: 'user' as const, content: 'A request', createdAt: c.createdAt },
			{ chatId: c.id, role: 'assistant' as const, content: 'A draft', createdAt: c.createdAt }
		])
	);

	const run = (
		assistantId: string,
		version: number,
		finished: string,
		passed: number,
		total: number,
		extra: Partial<typeof assistantEvaluations.$inferInsert> = {}
	) => ({
		assistantId,
		assistantVersion: version,
		model: 'stub-model',
		status: 'completed' as const,
		total,
		passedCount: passed,
		passRate: passed / total,
		createdAt: at(finished),
		finishedAt: at(finished),
		...extra
	});
	await db.insert(assistantEvaluations).values([
		run(press.id, 2, '2026-10-03T09:00:00Z', 2, 5),
		run(press.id, 2, '2026-10-09T09:00:00Z', 3, 5),
		run(press.id, 3, '2026-10-30T09:00:00Z', 4, 5),
		run(social.id, 1, '2026-10-15T09:00:00Z', 5, 5),
		run(social.id, 1, '2026-09-15T09:00:00Z', 1, 5), // previous period
		run(social.id, 1, '2026-10-16T09:00:00Z', 0, 5, { status: 'failed', passRate: null }),
		run(press.id, 3, '2026-10-31T09:00:00Z', 1, 4, { suite: 'inclusive-audit' })
	]);

	const [older, latest, queued] = await db
		.insert(assistantEvaluations)
		.values([
			run(social.id, 1, '2026-11-01T09:00:00Z', 1, 2, { suite: 'inclusive-audit' }),
			run(press.id, 3, '2026-11-02T09:00:00Z', 2, 3, { suite: 'inclusive-audit' }),
			{
				...run(social.id, 1, '2026-11-03T09:00:00Z', 0, 3, { suite: 'inclusive-audit' }),
				status: 'queued' as const,
				passRate: null,
				finishedAt: null
			}
		])
		.returning({ id: assistantEvaluations.id });
	olderAuditId = older.id;
	auditId = latest.id;
	void queued;
	await db.insert(assistantEvaluationResults).values([
		{
			evaluationId: latest.id,
			position: 0,
			name: 'Age: Flu vaccination invitation',
			passed: false,
			reasons: ['Inclusive language (inclusive.elderly): found "the elderly"'],
			output: 'Calling all the elderly'
		},
		{
			evaluationId: latest.id,
			position: 1,
			name: 'Age: Falls classes',
			passed: true,
			output: 'Adults aged 70 and over'
		},
		{ evaluationId: latest.id, position: 2, name: 'Carers: Flu for carers', passed: true, output: 'Unpaid carers can' }
	]);
});

afterAll(async () => {
	await testDb?.teardown();
});

describe('headline figures against the previous period', () => {
	it('compares with the period of the same length just before', () => {
		expect(previousRange(october)).toEqual({ from: '2026-08-31', to: '2026-09-30' });
		expect(previousRange({ from: '2026-10-07', to: '2026-10-07' })).toEqual({ from: '2026-10-06', to: '2026-10-06' });
	});

	it('counts each period from the database and works out the change', async () => {
		const now = await periodFigures(october);
		const before = await periodFigures(previousRange(october));
		expect(now).toMatchObject({ activeUsers: 2, chats: 4, answers: 4, evaluations: 4, feedbackRate: 0 });
		expect(before).toMatchObject({ activeUsers: 1, chats: 2, answers: 2, evaluations: 1 });

		const figures = await headlineFigures(october);
		const byKey = Object.fromEntries(figures.map((f) => [f.key, f]));
		expect(byKey.chats).toMatchObject({ value: 4, previous: 2 });
		expect(byKey.chats.change).toEqual({ direction: 'up', amount: 100, words: 'up 100% on the previous 31 days' });
		expect(byKey.evaluations.change.words).toBe('up 300% on the previous 31 days');
		expect(byKey.draftsApproved.change.words).toBe('no change on the previous 31 days');
		// The same period the other way round halves.
		const reversed = compareFigures(before, now, 31);
		expect(reversed.find((f) => f.key === 'chats')!.change.words).toBe('down 50% on the previous 31 days');
	});

	it('downloads the summary as CSV with both periods', async () => {
		const res = await callRoute(exportRoute.GET as never, {
			user: admin,
			path: '/admin/dashboard/export?table=summary&from=2026-10-01&to=2026-10-31'
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="summary_2026-10-01_2026-10-31.csv"');
		const lines = (await res.text()).trim().split('\r\n');
		expect(lines[0]).toBe(
			'Figure,2026-10-01 to 2026-10-31,2026-08-31 to 2026-09-30,Change,Change (% or percentage points)'
		);
		expect(lines).toContain('Chats started,4,2,up 100% on the previous 31 days,100');
		expect(lines).toContain('People active,2,1,up 100% on the previous 31 days,100');
	});
});

describe('pass rates by assistant', () => {
	it('reads only completed runs of assistants’ own cases finished in the range, oldest first', async () => {
		const runs = await completedRunsBetween(october);
		expect(runs.map((r) => [r.assistantName, r.assistantVersion, r.passRate])).toEqual([
			['Press release writer', 2, 0.4],
			['Press release writer', 2, 0.6],
			['Social media posts', 1, 1],
			['Press release writer', 3, 0.8]
		]);
		expect(await evaluationTotals(october)).toEqual({ runs: 4, cases: 20, passed: 14 });
		expect((await evaluationTotals(october, 'inclusive-audit')).runs).toBe(1);
	});

	it('gives the latest rate, the latest for each version and the change over the range', async () => {
		const [pressRate, socialRate] = passRatesByAssistant(await completedRunsBetween(october));
		expect(pressRate).toMatchObject({
			name: 'Press release writer',
			runs: 3,
			latest: { passRate: 0.8, version: 3 },
			first: { passRate: 0.4 },
			changePoints: 40,
			versions: [
				{ version: 3, passRate: 0.8, runs: 1 },
				{ version: 2, passRate: 0.6, runs: 2 }
			]
		});
		expect(socialRate).toMatchObject({ name: 'Social media posts', runs: 1, changePoints: 0 });

		const table = await passRatesTable(october);
		expect(table.rows[0]).toMatchObject({
			assistant: 'Press release writer',
			href: `/assistants/${press.id}/tests`,
			latest: 80,
			first: 40,
			change: 40,
			byVersion: 'version 3: 80%; version 2: 60%',
			trend: 'Up 40 percentage points over 3 runs',
			latestRun: '2026-10-30'
		});
		expect(table.rows[1]).toMatchObject({ href: `/assistants/${social.id}/tests`, trend: 'One run in these dates' });
		// September only has the social assistant's weaker run.
		expect((await passRatesTable({ from: '2026-09-01', to: '2026-09-30' })).rows).toMatchObject([
			{ assistant: 'Social media posts', latest: 20 }
		]);
	});
});

describe('pass rates by assistant over time', () => {
	it('gives one line per assistant with a point for each completed run in the range, oldest first', async () => {
		const series = passRateSeries(await completedRunsBetween(october));
		expect(
			series.map((s) => [s.name, s.points.map((p) => [p.finishedAt.slice(0, 10), p.passRate, p.version])])
		).toEqual([
			[
				'Press release writer',
				[
					['2026-10-03', 40, 2],
					['2026-10-09', 60, 2],
					['2026-10-30', 80, 3]
				]
			],
			['Social media posts', [['2026-10-15', 100, 1]]]
		]);

		const table = await passRateHistory(october);
		expect(table.id).toBe('pass-rate-history');
		expect(table.description).toContain('Runs that finished in these dates.');
		expect(table.rows.map((r) => [r.assistant, r.day, r.passRate, r.passed, r.total])).toEqual([
			['Press release writer', '2026-10-03', 40, 2, 5],
			['Press release writer', '2026-10-09', 60, 3, 5],
			['Press release writer', '2026-10-30', 80, 4, 5],
			['Social media posts', '2026-10-15', 100, 5, 5]
		]);
		expect(table.rows[3]).toMatchObject({ assistantId: social.id, href: `/assistants/${social.id}/tests` });
		expect(table.chart).toMatchObject({ kind: 'lines', seriesKey: 'assistantId', xKey: 'at', valueKey: 'passRate' });
		// It is on the dashboard, after the latest pass rates.
		const ids = (await loadDashboard(october)).tables.map((t) => t.id);
		expect(ids.indexOf('pass-rate-history')).toBe(ids.indexOf('pass-rates') + 1);
	});

	it('shows every run so far when none finished in the dates, leaving out private assistants', async () => {
		const db = testDb.handle.db;
		const [mine] = await db
			.insert(assistants)
			.values({
				name: 'My private helper',
				category: 'press',
				instructions: 'Mine.',
				intake: { mode: 'none', questions: [] } as never,
				visibility: 'private',
				status: 'published',
				ownerId: member.id
			})
			.returning({ id: assistants.id });
		await db.insert(assistantEvaluations).values({
			assistantId: mine.id,
			assistantVersion: 1,
			model: 'stub-model',
			status: 'completed',
			total: 2,
			passedCount: 1,
			passRate: 0.5,
			createdAt: at('2026-09-20T09:00:00Z'),
			finishedAt: at('2026-09-20T09:00:00Z')
		});

		const july = await passRateHistory({ from: '2026-07-01', to: '2026-07-31' });
		expect(july.description).toContain('No runs finished in these dates, so this shows every run so far.');
		expect(july.rows.map((r) => [r.assistant, r.day, r.passRate])).toEqual([
			['Press release writer', '2026-10-03', 40],
			['Press release writer', '2026-10-09', 60],
			['Press release writer', '2026-10-30', 80],
			['Social media posts', '2026-09-15', 20],
			['Social media posts', '2026-10-15', 100]
		]);
		// September has the social assistant's run, so only that range is shown; the private run never is.
		const september = await passRateHistory({ from: '2026-09-01', to: '2026-09-30' });
		expect(september.rows.map((r) => [r.assistant, r.passRate])).toEqual([['Social media posts', 20]]);

		const res = await callRoute(exportRoute.GET as never, {
			user: admin,
			path: '/admin/dashboard/export?table=pass-rate-history&from=2026-10-01&to=2026-10-31'
		});
		const lines = (await res.text()).trim().split('\r\n');
		expect(lines[0]).toBe('Assistant,Run finished,Pass rate (%),Cases passed,Cases,Version');
		expect(lines[1]).toBe('Press release writer,2026-10-03,40,2,5,2');
		expect(lines.join('\n')).not.toContain('My private helper');
	});

	it('has an empty state when no tests have ever been run', () => {
		const table = passRateHistoryTable([], 'all-time');
		expect(table.rows).toEqual([]);
		expect(table.empty).toContain("No assistant's tests have been run yet");
	});
});

describe('the inclusive-language audit report', () => {
	it('lists runs newest first and finds the latest completed one', async () => {
		const runs = await listAuditRuns('inclusive-audit');
		expect(runs.map((r) => r.status)).toEqual(['queued', 'completed', 'completed', 'completed']);
		expect((await findAuditRun('inclusive-audit'))?.id).toBe(auditId);
		expect((await findAuditRun('inclusive-audit', olderAuditId))?.assistantName).toBe('Social media posts');
		expect(await findAuditRun('inclusive-audit', 'not-a-uuid')).toBeUndefined();
		expect((await listAuditableAssistants()).map((a) => a.name)).toEqual([
			'Press release writer',
			'Social media posts'
		]);
	});

	it('groups results by audience, failures first', () => {
		const groups = groupByAudience([
			{ name: 'Carers: One', passed: true, reasons: [], output: '' },
			{ name: 'Age: Two', passed: true, reasons: [], output: '' },
			{ name: 'Age: Three', passed: false, reasons: ['x'], output: '' },
			{ name: 'Something else', passed: true, reasons: [], output: '' }
		]);
		expect(groups.map((g) => [g.audience, g.passed, g.total])).toEqual([
			['Age', 1, 2],
			['Carers', 1, 1],
			['Other', 1, 1]
		]);
		expect(groups[0].results.map((r) => r.name)).toEqual(['Three', 'Two']);
	});

	type AuditLoad = Exclude<Awaited<ReturnType<typeof auditPage.load>>, void>;
	const load = async (user: SessionUser, search = '') => {
		try {
			return (await auditPage.load({
				url: new URL(`http://localhost/admin/dashboard/inclusive-language${search}`),
				locals: { user, session: null, requestId: 'test' }
			} as never)) as AuditLoad;
		} catch (e) {
			if (isHttpError(e)) return { status: e.status };
			throw e;
		}
	};

	it('shows the latest completed run by audience, to admins only', async () => {
		const page = await load(admin);
		expect('run' in page && page.run?.id).toBe(auditId);
		if (!('groups' in page)) throw new Error('no page');
		expect(
			page.groups.map((g: { audience: string; passed: number; total: number }) => [g.audience, g.passed, g.total])
		).toEqual([
			['Age', 1, 2],
			['Carers', 1, 1]
		]);
		expect(page.groups[0].results[0].reasons[0]).toContain('the elderly');
		expect(await load(admin, '?run=00000000-0000-4000-8000-000000000000')).toEqual({ status: 404 });
		expect(await load(member)).toEqual({ status: 403 });
	});

	it('warns when every inclusive-language rule is switched off, as the audit then checks phrases only', async () => {
		await seedStyleRules();
		const on = await load(admin);
		expect('inclusiveRulesOn' in on && on.inclusiveRulesOn).toBeGreaterThan(0);
		await testDb.handle.db.update(styleRules).set({ enabled: false }).where(eq(styleRules.category, 'inclusive'));
		try {
			expect(await load(admin)).toMatchObject({ inclusiveRulesOn: 0 });
		} finally {
			await testDb.handle.db.update(styleRules).set({ enabled: true }).where(eq(styleRules.category, 'inclusive'));
		}
	});

	const start = (fields: Record<string, string>, user: SessionUser = admin) =>
		auditPage.actions.start({
			request: new Request('http://localhost/admin/dashboard/inclusive-language?/start', {
				method: 'POST',
				body: new URLSearchParams(fields)
			}),
			url: new URL('http://localhost/admin/dashboard/inclusive-language?/start'),
			locals: { user, session: null, requestId: 'test' }
		} as never);

	it('says what is wrong with each start that cannot go ahead, and what to do', async () => {
		useChatSettings({ ...(await chatSettings()), models: [{ id: 'stub-model', label: 'Stub model' }] });
		try {
			expect(await start({ assistantId: '', model: '' })).toMatchObject({
				status: 400,
				data: { errors: { assistantId: 'Choose an assistant to audit' } }
			});
			expect(await start({ assistantId: 'nope', model: '' })).toMatchObject({
				status: 400,
				data: { errors: { assistantId: 'Choose an assistant from the list' } }
			});
			// An assistant that has gone, or is a person's own, is not on the list any more.
			const [mine] = await testDb.handle.db
				.insert(assistants)
				.values({
					name: 'Alice’s own',
					category: 'press',
					instructions: 'Mine.',
					intake: { mode: 'none', questions: [] } as never,
					visibility: 'private',
					status: 'published',
					ownerId: member.id
				})
				.returning({ id: assistants.id });
			for (const assistantId of ['00000000-0000-4000-8000-000000000000', mine.id]) {
				const gone = await start({ assistantId, model: '' });
				expect(gone).toMatchObject({ status: 400 });
				expect((gone as { data: { errors: { assistantId: string } } }).data.errors.assistantId).toMatch(
					/^That assistant cannot be audited: .*Choose one from the list\.$/
				);
			}
			// A model that is not offered names the ones that are.
			expect(await start({ assistantId: press.id, model: 'gpt-9' })).toMatchObject({
				status: 400,
				data: { errors: { model: 'There is no model called "gpt-9". Choose one of: stub-model.' } }
			});
			// A run of the same assistant already under way says when it started.
			const [running] = await testDb.handle.db
				.insert(assistantEvaluations)
				.values({
					assistantId: press.id,
					assistantVersion: 3,
					model: 'stub-model',
					status: 'running',
					suite: 'inclusive-audit',
					total: 3,
					passedCount: 0,
					createdAt: new Date(Date.now() - 120_000)
				})
				.returning({ id: assistantEvaluations.id, createdAt: assistantEvaluations.createdAt });
			try {
				const busy = await start({ assistantId: press.id, model: '' });
				expect(busy).toMatchObject({ status: 409 });
				expect((busy as { data: { errors: { assistantId: string } } }).data.errors.assistantId).toBe(
					`An audit of Press release writer is already in progress: it started on ${formatDateTime(running.createdAt.toISOString())} (UTC). Wait for it to finish, then start another, or choose a different assistant.`
				);
			} finally {
				await testDb.handle.db.delete(assistantEvaluations).where(eq(assistantEvaluations.id, running.id));
			}
			// With no model set up, the form says how to set one up.
			useChatSettings({ ...(await chatSettings()), models: [] });
			expect(await start({ assistantId: press.id, model: '' })).toMatchObject({
				status: 409,
				data: { errors: { model: AUDIT_NO_MODEL_MESSAGE } }
			});
			expect(AUDIT_NO_MODEL_MESSAGE).toContain('Admin › Models');
		} finally {
			useChatSettings(undefined);
		}
	});

	it('refuses to start an audit for a member', async () => {
		const body = new URLSearchParams({ assistantId: 'nope', model: '' });
		const asMember = await Promise.resolve()
			.then(() =>
				auditPage.actions.start({
					request: new Request('http://localhost/x', { method: 'POST', body }),
					url: new URL('http://localhost/x'),
					locals: { user: member, session: null, requestId: 'test' }
				} as never)
			)
			.catch((e: unknown) => e);
		expect(isHttpError(asMember) && asMember.status).toBe(403);
		expect(isRedirect(asMember)).toBe(false);
	});
});
