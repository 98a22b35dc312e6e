import { randomUUID } from 'node:crypto';
import { isActionFailure, isHttpError } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { guardCountsByKind, listGuardEvents } from '$lib/server/db/queries/guard';
import { setSetting } from '$lib/server/governance/settings';
import { actions as settingsActions } from '../../src/routes/(admin)/admin/settings/+page.server';
import * as checkRoute from '../../src/routes/api/check/personal-data/+server';
import * as configRoute from '../../src/routes/api/check/personal-data/config/+server';
import * as eventsRoute from '../../src/routes/api/check/personal-data/events/+server';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import * as editRoute from '../../src/routes/api/chats/[id]/messages/[messageId]/edit/+server';
import * as regenerateRoute from '../../src/routes/api/chats/[id]/messages/[messageId]/regenerate/+server';
import { callRoute, createChat, readEvents, storedMessages, useChatFixture } from '../helpers/chat';
import type { OpenAIStub } from '../helpers/openai-stub';
import { queryRows, type TestDatabase } from '../helpers/test-db';

const fixture = useChatFixture('Guarded chat');
let testDb: TestDatabase;
let stub: OpenAIStub;
let alice: SessionUser;
let bob: SessionUser;

beforeAll(() => {
	({ testDb, stub, alice, bob } = fixture);
});

afterEach(async () => {
	await setSetting('guard.mode', 'warn', null);
	await setSetting('guard.hospitalNumberPattern', '\\b[A-Z]{1,3}\\d{6,8}\\b', null);
});

const NHS = '943 476 5919';
const EMAIL = 'jo.patient@example.com';
const PERSONAL = `Write to Jo (NHS number ${NHS}, ${EMAIL}) about her missed appointment`;

function check(body: unknown, user: SessionUser | null = alice) {
	return callRoute(checkRoute.POST, { user, method: 'POST', path: '/api/check/personal-data', body });
}

function send(chatId: string, body: unknown) {
	return callRoute(messagesRoute.POST, {
		user: alice,
		method: 'POST',
		path: `/api/chats/${chatId}/messages`,
		params: { id: chatId },
		body
	});
}

type GuardRow = { user_id: string | null; counts: Record<string, number>; action: string; reason: string | null };

async function guardEvents(): Promise<GuardRow[]> {
	return queryRows<GuardRow>(
		testDb.handle,
		sql`select user_id, counts, action, reason from guard_events order by created_at, id`
	);
}

/** Everything stored in the guard and audit tables, as text, to prove the detected text is not there. */
async function storedGovernanceText(): Promise<string> {
	const [row] = await queryRows<{ text: string }>(
		testDb.handle,
		sql`select coalesce((select json_agg(g)::text from guard_events g), '') ||
			coalesce((select json_agg(a)::text from audit_events a), '') as text`
	);
	return row.text;
}

function expectNoPersonalData(text: string) {
	for (const needle of [NHS, NHS.replace(/ /g, ''), EMAIL, 'jo.patient']) expect(text).not.toContain(needle);
}

describe('POST /api/check/personal-data', () => {
	it('returns findings with UTF-16 offsets and stores nothing', async () => {
		const before = (await guardEvents()).length;
		const text = `😀 ${PERSONAL}`;
		const res = await check({ text });
		expect(res.status).toBe(200);
		const { findings } = (await res.json()) as { findings: { kind: string; start: number; end: number }[] };
		expect(findings.map((f) => [f.kind, text.slice(f.start, f.end)])).toEqual([
			['nhs_number', NHS],
			['email', EMAIL]
		]);
		expect((await guardEvents()).length).toBe(before);
	});

	it('uses the hospital-number pattern an admin set', async () => {
		await setSetting('guard.hospitalNumberPattern', 'H-\\d{5}', null);
		const res = await check({ text: 'MRN H-12345 and RXH1234567' });
		expect(await res.json()).toEqual({ findings: [{ kind: 'hospital_number', start: 4, end: 11 }] });
	});

	it('refuses signed-out people, bad bodies and text that is too long, saying what to fix', async () => {
		expect((await check({ text: 'x' }, null)).status).toBe(401);
		const cases = [
			[await check('not json'), 'The request body must be JSON'],
			[await check([1]), 'The request body must be a JSON object'],
			[await check({}), 'text must be a string'],
			[await check({ text: 42 }), 'text must be a string'],
			[
				await check({ text: 'x'.repeat(100_001) }),
				'The text is too long to check. Check up to 100,000 characters at a time.'
			]
		] as const;
		for (const [res, message] of cases) {
			expect(res.status).toBe(400);
			expect(((await res.json()) as { message: string }).message).toBe(message);
		}
		expect((await check({ text: '' })).status).toBe(200);
	});

	it('gives the browser the mode and pattern', async () => {
		await setSetting('guard.mode', 'block', null);
		const res = await callRoute(configRoute.GET, { user: alice, path: '/api/check/personal-data/config' });
		expect(await res.json()).toEqual({ mode: 'block', hospitalNumberPattern: '\\b[A-Z]{1,3}\\d{6,8}\\b' });
		expect((await callRoute(configRoute.GET, { user: null, path: '/api/check/personal-data/config' })).status).toBe(
			401
		);
	});
});

describe('sending a message with personal data in it', () => {
	it('holds it back with 422 and the findings: nothing is stored and no model is called', async () => {
		const chatId = await createChat(alice);
		const before = stub.requests.length;
		const eventsBefore = (await guardEvents()).length;

		const res = await send(chatId, { content: PERSONAL });

		expect(res.status).toBe(422);
		const body = (await res.json()) as { message: string; mode: string; findings: { kind: string }[] };
		expect(body.mode).toBe('warn');
		expect(body.message).toBe(
			'Your message looks like it contains personal data (1 NHS number and 1 email address). Replace it with placeholders, edit your message, or send anyway with a reason.'
		);
		expect(body.findings.map((f) => f.kind)).toEqual(['nhs_number', 'email']);
		expect(await storedMessages(testDb.handle, chatId)).toEqual([]);
		expect(stub.requests.length).toBe(before);
		const events = await guardEvents();
		expect(events.length).toBe(eventsBefore + 1);
		expect(events.at(-1)).toEqual({
			user_id: alice.id,
			counts: { nhs_number: 1, email: 1 },
			action: 'warned',
			reason: null
		});
		expectNoPersonalData(await storedGovernanceText());
	});

	it('sends clean text and text with placeholders as before', async () => {
		const chatId = await createChat(alice);
		stub.next({ kind: 'answer', chunks: ['Done.'] });
		const res = await send(chatId, { content: 'Write to Jo (NHS number [NHS number], [email]) about her appointment' });
		expect(res.status).toBe(200);
		const events = await readEvents(res);
		expect(events.at(-1)?.event).toBe('done');
		expect((await storedMessages(testDb.handle, chatId)).map((m) => m.role)).toEqual(['user', 'assistant']);
	});

	it('sends anyway with a reason, storing the message and a guard event with counts only', async () => {
		const chatId = await createChat(alice);
		stub.next({ kind: 'answer', chunks: ['Here is a letter.'] });
		const before = stub.requests.length;

		const res = await send(chatId, {
			content: PERSONAL,
			personalData: { action: 'send_anyway', reason: '  Test patient record agreed with IG  ' }
		});

		expect(res.status).toBe(200);
		await readEvents(res);
		const stored = await storedMessages(testDb.handle, chatId);
		expect(stored.map((m) => m.role)).toEqual(['user', 'assistant']);
		expect(stored[0].content).toBe(PERSONAL);
		expect(stub.requests.slice(before).some((r) => r.messages.at(-1)?.content === PERSONAL)).toBe(true);
		expect((await guardEvents()).at(-1)).toEqual({
			user_id: alice.id,
			counts: { nhs_number: 1, email: 1 },
			action: 'sent_anyway',
			reason: 'Test patient record agreed with IG'
		});
		expectNoPersonalData(await storedGovernanceText());
	});

	it('stores the reason with any personal data in it replaced by placeholders', async () => {
		const chatId = await createChat(alice);
		stub.next({ kind: 'answer', chunks: ['Here is a letter.'] });
		const res = await send(chatId, {
			content: PERSONAL,
			personalData: { action: 'send_anyway', reason: `IG agreed for ${NHS} (ask ${EMAIL})` }
		});
		expect(res.status).toBe(200);
		await readEvents(res);
		expect((await guardEvents()).at(-1)).toMatchObject({
			action: 'sent_anyway',
			reason: 'IG agreed for [NHS number] (ask [email])'
		});
		expectNoPersonalData(await storedGovernanceText());
	});

	it('needs a reason to send anyway', async () => {
		const chatId = await createChat(alice);
		const cases = [
			{ action: 'send_anyway', reason: '   ' },
			{ action: 'send_anyway' },
			{ action: 'ignore', reason: 'because' }
		];
		const messages = [];
		for (const personalData of cases) {
			const res = await send(chatId, { content: PERSONAL, personalData });
			expect(res.status).toBe(400);
			messages.push(((await res.json()) as { message: string }).message);
		}
		expect(messages).toEqual([
			'Enter why you need to send this personal data',
			'Enter why you need to send this personal data',
			'personalData.action must be "send_anyway"'
		]);
		expect(await storedMessages(testDb.handle, chatId)).toEqual([]);
	});

	it('in block mode never sends, even with a reason, and records the block', async () => {
		await setSetting('guard.mode', 'block', null);
		const chatId = await createChat(alice);
		const before = stub.requests.length;

		const res = await send(chatId, {
			content: PERSONAL,
			personalData: { action: 'send_anyway', reason: 'Please' }
		});

		expect(res.status).toBe(422);
		const body = (await res.json()) as { message: string; mode: string };
		expect(body.mode).toBe('block');
		expect(body.message).toMatch(/^Your message was not sent because it looks like it contains personal data/);
		expect(await storedMessages(testDb.handle, chatId)).toEqual([]);
		expect(stub.requests.length).toBe(before);
		expect((await guardEvents()).at(-1)).toMatchObject({ action: 'blocked', counts: { nhs_number: 1, email: 1 } });
		expectNoPersonalData(await storedGovernanceText());
	});

	it('checks an edited question too', async () => {
		const chatId = await createChat(alice);
		stub.next({ kind: 'answer', chunks: ['Fine.'] });
		await readEvents(await send(chatId, { content: 'Write a flu clinic post' }));
		const [question] = await storedMessages(testDb.handle, chatId);
		const before = stub.requests.length;

		const res = await callRoute(editRoute.POST, {
			user: alice,
			method: 'POST',
			path: `/api/chats/${chatId}/messages/${question.id}/edit`,
			params: { id: chatId, messageId: question.id },
			body: { content: `Add a contact: ${EMAIL}` }
		});

		expect(res.status).toBe(422);
		expect(((await res.json()) as { findings: { kind: string }[] }).findings).toEqual([
			{ kind: 'email', start: 15, end: 15 + EMAIL.length }
		]);
		expect((await storedMessages(testDb.handle, chatId)).length).toBe(2);
		expect(stub.requests.length).toBe(before);
	});
});

describe('regenerating an answer', () => {
	function regenerate(chatId: string, answerId: string) {
		return callRoute(regenerateRoute.POST, {
			user: alice,
			method: 'POST',
			path: `/api/chats/${chatId}/messages/${answerId}/regenerate`,
			params: { id: chatId, messageId: answerId },
			body: {}
		});
	}

	/** A chat whose question was sent anyway (with personal data) in warn mode, and its answer's id. */
	async function sentAnywayChat(): Promise<{ chatId: string; answerId: string }> {
		const chatId = await createChat(alice);
		stub.next({ kind: 'answer', chunks: ['First answer.'] });
		await readEvents(
			await send(chatId, { content: PERSONAL, personalData: { action: 'send_anyway', reason: 'Agreed with IG' } })
		);
		const answer = (await storedMessages(testDb.handle, chatId)).find((m) => m.role === 'assistant');
		return { chatId, answerId: answer!.id };
	}

	it('in warn mode sends the stored question again without a new warning (it was sent anyway before)', async () => {
		const { chatId, answerId } = await sentAnywayChat();
		const events = (await guardEvents()).length;
		const before = stub.requests.length;
		stub.next({ kind: 'answer', chunks: ['Second answer.'] });
		const res = await regenerate(chatId, answerId);
		expect(res.status).toBe(200);
		expect((await readEvents(res)).at(-1)?.event).toBe('done');
		expect(stub.requests.length).toBe(before + 1);
		expect((await guardEvents()).length).toBe(events);
	});

	it('in block mode refuses with the same 422 body and records the block; no model is called', async () => {
		const { chatId, answerId } = await sentAnywayChat();
		await setSetting('guard.mode', 'block', null);
		const before = stub.requests.length;
		const stored = (await storedMessages(testDb.handle, chatId)).length;

		const res = await regenerate(chatId, answerId);

		expect(res.status).toBe(422);
		const body = (await res.json()) as { message: string; mode: string; findings: { kind: string }[] };
		expect(body.mode).toBe('block');
		expect(body.message).toBe(
			'Your message was not sent because it looks like it contains personal data (1 NHS number and 1 email address). Remove it or replace it with placeholders, then send again.'
		);
		expect(body.findings.map((f) => f.kind)).toEqual(['nhs_number', 'email']);
		expect(stub.requests.length).toBe(before);
		expect((await storedMessages(testDb.handle, chatId)).length).toBe(stored);
		expect((await guardEvents()).at(-1)).toMatchObject({ action: 'blocked', counts: { nhs_number: 1, email: 1 } });
		expectNoPersonalData(await storedGovernanceText());
	});

	it('in block mode still regenerates a clean question', async () => {
		await setSetting('guard.mode', 'block', null);
		const chatId = await createChat(alice);
		stub.next({ kind: 'answer', chunks: ['Fine.'] });
		await readEvents(await send(chatId, { content: 'Write a flu clinic post' }));
		const answer = (await storedMessages(testDb.handle, chatId)).find((m) => m.role === 'assistant')!;
		stub.next({ kind: 'answer', chunks: ['Fine again.'] });
		const res = await regenerate(chatId, answer.id);
		expect(res.status).toBe(200);
		expect((await readEvents(res)).at(-1)?.event).toBe('done');
	});
});

describe('POST /api/check/personal-data/events', () => {
	function record(body: unknown, user: SessionUser | null = alice) {
		return callRoute(eventsRoute.POST, { user, method: 'POST', path: '/api/check/personal-data/events', body });
	}

	it('records that findings were replaced, with kinds and counts only', async () => {
		const res = await record({ action: 'replaced', counts: { nhs_number: 1, email: 2 } });
		expect(res.status).toBe(204);
		expect((await guardEvents()).at(-1)).toEqual({
			user_id: alice.id,
			counts: { nhs_number: 1, email: 2 },
			action: 'replaced',
			reason: null
		});
	});

	it('sums kinds by action for monitoring, within a date range', async () => {
		const all = await listGuardEvents(1000);
		const expected = new Map<string, { events: number; found: number }>();
		for (const e of all) {
			for (const [kind, n] of Object.entries(e.counts)) {
				const k = `${kind}|${e.action}`;
				const t = expected.get(k) ?? { events: 0, found: 0 };
				expected.set(k, { events: t.events + 1, found: t.found + n });
			}
		}
		const rows = await guardCountsByKind({});
		expect(rows.length).toBeGreaterThan(0);
		expect(new Map(rows.map((r) => [`${r.kind}|${r.action}`, { events: r.events, found: r.found }]))).toEqual(expected);
		expect(rows.find((r) => r.kind === 'email' && r.action === 'replaced')).toEqual({
			kind: 'email',
			action: 'replaced',
			events: 1,
			found: 2
		});
		expect(await guardCountsByKind({ from: new Date(Date.now() + 60_000) })).toEqual([]);
	});

	it('refuses anything else, including the text itself', async () => {
		const before = (await guardEvents()).length;
		expect((await record({ action: 'replaced', counts: { nhs_number: 1 } }, null)).status).toBe(401);
		const bad = [
			{ action: 'sent_anyway', counts: { email: 1 } },
			{ action: 'replaced', counts: {} },
			{ action: 'replaced', counts: { surname: 1 } },
			{ action: 'replaced', counts: { email: 0 } },
			{ action: 'warned', counts: { email: 101 } },
			{ action: 'replaced', counts: { nhs_number: 1, email: 1_000_000 } },
			{ action: 'replaced', counts: { email: 1 }, text: EMAIL }
		];
		for (const body of bad) expect((await record(body)).status).toBe(400);
		const tooMany = await record({ action: 'warned', counts: { email: 101 } });
		expect(((await tooMany.json()) as { errors: Record<string, string> }).errors).toEqual({
			'counts.email': 'Each count must be 100 or fewer'
		});
		expect((await guardEvents()).length).toBe(before);
		expect((await record({ action: 'warned', counts: { email: 100 } })).status).toBe(204);
	});
});

describe('Admin › Settings › Personal-data guard', () => {
	async function save(fields: Record<string, string>, user: SessionUser = alice) {
		const url = new URL('http://localhost/admin/settings?/saveGuard');
		const request = new Request(url, { method: 'POST', body: new URLSearchParams(fields) });
		const event = {
			request,
			url,
			params: {},
			locals: { user, session: null, requestId: randomUUID() },
			route: { id: null }
		};
		try {
			return await settingsActions.saveGuard(event as never);
		} catch (e) {
			if (isHttpError(e)) return { httpStatus: e.status };
			throw e;
		}
	}

	async function settingAudits() {
		return queryRows<{ details: { before: Record<string, unknown>; after: Record<string, unknown> } }>(
			testDb.handle,
			sql`select details from audit_events where action = 'settings.changed' and target_id = 'guard' order by id`
		);
	}

	it('switches to block mode with a new pattern, and audits the before and after', async () => {
		const audits = (await settingAudits()).length;
		const result = await save({ guardMode: 'block', hospitalNumberPattern: ' H-\\d{5} ' });
		expect(result).toEqual({
			section: 'guard',
			message: 'Saved. Messages that look like they contain personal data will not be sent.'
		});
		const config = await callRoute(configRoute.GET, { user: alice, path: '/api/check/personal-data/config' });
		expect(await config.json()).toEqual({ mode: 'block', hospitalNumberPattern: 'H-\\d{5}' });
		const logged = await settingAudits();
		expect(logged.length).toBe(audits + 1);
		expect(logged.at(-1)!.details).toEqual({
			before: { 'guard.mode': 'warn', 'guard.hospitalNumberPattern': '\\b[A-Z]{1,3}\\d{6,8}\\b' },
			after: { 'guard.mode': 'block', 'guard.hospitalNumberPattern': 'H-\\d{5}' }
		});
		// Saving the same values again records nothing new.
		await save({ guardMode: 'block', hospitalNumberPattern: 'H-\\d{5}' });
		expect((await settingAudits()).length).toBe(audits + 1);
	});

	it('rejects an invalid pattern or mode with a clear error and changes nothing', async () => {
		const audits = (await settingAudits()).length;
		const bad = await save({ guardMode: 'warn', hospitalNumberPattern: '([A-Z' });
		expect(isActionFailure(bad)).toBe(true);
		const failure = bad as { status: number; data: { errors: Record<string, string>; hospitalNumberPattern: string } };
		expect(failure.status).toBe(400);
		expect(failure.data.errors.hospitalNumberPattern).toMatch(/^The pattern is not a valid regular expression/);
		expect(failure.data.hospitalNumberPattern).toBe('([A-Z');
		const empty = (await save({ guardMode: 'warn', hospitalNumberPattern: '\\d*' })) as typeof failure;
		expect(empty.data.errors.hospitalNumberPattern).toMatch(/matches empty text/);
		const slow = (await save({ guardMode: 'warn', hospitalNumberPattern: '([A-Z]+\\d?)+X' })) as typeof failure;
		expect(slow.status).toBe(400);
		expect(slow.data.errors.hospitalNumberPattern).toMatch(/^The hospital number pattern is too slow/);
		expect(slow.data.hospitalNumberPattern).toBe('([A-Z]+\\d?)+X');
		const mode = (await save({ guardMode: 'off', hospitalNumberPattern: '' })) as typeof failure;
		expect(mode.data.errors).toEqual({ guardMode: 'Choose whether the guard warns people or blocks the message' });
		const config = await callRoute(configRoute.GET, { user: alice, path: '/api/check/personal-data/config' });
		expect(await config.json()).toEqual({ mode: 'warn', hospitalNumberPattern: '\\b[A-Z]{1,3}\\d{6,8}\\b' });
		expect((await settingAudits()).length).toBe(audits);
	});

	it('is for admins only', async () => {
		expect(await save({ guardMode: 'block', hospitalNumberPattern: '' }, bob)).toEqual({ httpStatus: 403 });
	});

	it('an empty pattern switches hospital numbers off', async () => {
		await save({ guardMode: 'warn', hospitalNumberPattern: '' });
		const res = await check({ text: 'MRN RXH1234567' });
		expect(await res.json()).toEqual({ findings: [] });
	});
});
