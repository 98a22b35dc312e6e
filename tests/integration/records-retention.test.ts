import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { insertAcceptance } from '$lib/server/db/queries/acceptable-use';
import { seedAcceptableUseIfNone } from '$lib/server/governance/acceptable-use';
import { runRetention } from '$lib/server/governance/retention';
import { getSetting, setSetting } from '$lib/server/governance/settings';
import * as settingsPage from '../../src/routes/(admin)/admin/settings/+page.server';
import * as accountPage from '../../src/routes/(app)/account/+page.server';
import * as exportRoute from '../../src/routes/api/chats/[id]/export/+server';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import * as feedbackRoute from '../../src/routes/api/chats/[id]/messages/[messageId]/feedback/+server';
import * as myDataRoute from '../../src/routes/api/me/export/+server';
import { callRoute, createChat, readEvents, storedMessages, useChatFixture } from '../helpers/chat';
import { callAction, callLoad } from '../helpers/forms';
import { queryRows } from '../helpers/test-db';

const fixture = useChatFixture('Flu clinic times');
let alice: SessionUser;
let bob: SessionUser;

beforeAll(() => {
	({ alice, bob } = fixture);
});

async function ask(user: SessionUser, chatId: string, content: string, answer: string[], useGuidance = true) {
	fixture.stub.next({ kind: 'answer', chunks: answer });
	const res = await callRoute(messagesRoute.POST, {
		user,
		method: 'POST',
		path: `/api/chats/${chatId}/messages`,
		params: { id: chatId },
		body: { content, useGuidance }
	});
	expect(res.status).toBe(200);
	return readEvents(res);
}

function download(chatId: string, format: string, user: SessionUser = alice) {
	return callRoute(exportRoute.GET, {
		user,
		path: `/api/chats/${chatId}/export?format=${format}`,
		params: { id: chatId }
	});
}

/** A chat by Alice that used an assistant (version 2) with a brief, a grounded answer and her feedback. */
async function recordedChat(): Promise<{ chatId: string; answerId: string }> {
	const db = fixture.testDb.handle.db;
	const [assistant] = await queryRows<{ id: string }>(
		fixture.testDb.handle,
		sql`insert into assistants (name, category, instructions, intake, version)
			values ('Press release writer', 'Media and press', 'Write press releases', '{"mode":"none"}'::jsonb, 3)
			returning id`
	);
	await db.execute(sql`insert into assistant_versions (assistant_id, version, definition)
		values (${assistant.id}::uuid, 2, '{"name":"Press release writer (v2)"}'::jsonb)`);
	const chatId = await createChat(alice);
	const brief = {
		requestMessageId: '00000000-0000-4000-8000-000000000009',
		questions: [{ id: 'audience', label: 'Who is it for?', hint: '', type: 'short_text', options: [], required: true }],
		known: {},
		answers: { audience: 'Local press' },
		state: 'answered'
	};
	await ask(alice, chatId, 'When should the flu clinic open?', ['Say ', '9am to 5pm [1].']);
	// Set after the turn so that this test does not depend on how assistants draft.
	await db.execute(sql`update chats set assistant_id = ${assistant.id}::uuid, assistant_version = 2,
		brief = ${JSON.stringify(brief)}::jsonb where id = ${chatId}::uuid`);
	const [, answer] = await storedMessages(fixture.testDb.handle, chatId);
	const rated = await callRoute(feedbackRoute.POST, {
		user: alice,
		method: 'POST',
		path: '/',
		params: { id: chatId, messageId: answer.id },
		body: { rating: 'down', reason: 'too_long', comment: 'Shorter please' }
	});
	expect(rated.status).toBe(200);
	return { chatId, answerId: answer.id };
}

describe('a chat as a record', () => {
	it('has who, when, model, prompts, assistant version, brief, feedback and the cited passages with versions', async () => {
		const { chatId, answerId } = await recordedChat();
		const res = await download(chatId, 'record-json');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9_-]+\.record\.json"$/);
		const record = await res.json();
		expect(record).toMatchObject({
			schema: 'nhs-comms-assist/chat-record@1',
			exportedBy: { name: 'Alice', email: 'alice@nhs.net' },
			chat: {
				id: chatId,
				owner: { id: alice.id, name: 'Alice', email: 'alice@nhs.net' },
				assistant: { name: 'Press release writer (v2)', version: 2 },
				brief: { answers: { audience: 'Local press' }, state: 'answered' },
				useGuidance: true
			},
			models: ['stub-model']
		});
		expect(record.prompts.length).toBeGreaterThan(0);
		for (const p of record.prompts) expect(p).toEqual({ id: expect.any(String), version: expect.any(Number) });
		expect(Date.parse(record.exportedAt)).not.toBeNaN();

		const [question, answer] = record.messages;
		expect(question).toMatchObject({ role: 'user', content: 'When should the flu clinic open?', model: null });
		expect(Date.parse(question.createdAt)).not.toBeNaN();
		expect(answer).toMatchObject({
			id: answerId,
			role: 'assistant',
			parentId: question.id,
			content: 'Say 9am to 5pm [1].',
			model: 'stub-model',
			status: 'complete',
			inLatestConversation: true,
			feedback: [{ rating: 'down', reason: 'too_long', comment: 'Shorter please' }]
		});
		expect(answer.prompts).toEqual(record.prompts);
		expect(answer.sources.length).toBeGreaterThan(0);
		const stored = (await storedMessages(fixture.testDb.handle, chatId))[1].sources!;
		expect(answer.sources[0]).toEqual({
			n: stored[0].n,
			documentId: stored[0].documentId,
			documentTitle: stored[0].documentTitle,
			documentVersion: stored[0].version,
			heading: stored[0].heading,
			collection: stored[0].collection,
			url: stored[0].url,
			passageId: stored[0].chunkId,
			passage: stored[0].text
		});
		expect(answer.sources[0].documentVersion).toEqual(expect.any(Number));
	});

	it('comes as a Word document with the same facts', async () => {
		const { chatId } = await recordedChat();
		const res = await download(chatId, 'record-docx');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
		);
		expect(res.headers.get('content-disposition')).toMatch(/\.record\.docx"$/);
		const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']);
		for (const text of [
			'Chat owner',
			'Alice (alice@nhs.net)',
			'Press release writer (v2), version 2',
			'stub-model',
			'Local press',
			'Shorter please',
			'Guidance cited'
		]) {
			expect(xml).toContain(text);
		}
		expect(xml).toMatch(/\[1\] [^<]+, version \d+/);
	});

	it('keeps the other formats, refuses unknown ones and hides other people’s chats', async () => {
		const chatId = await createChat(alice);
		await ask(alice, chatId, 'Hello', ['Hi.'], false);
		expect((await download(chatId, 'md')).status).toBe(200);
		expect((await download(chatId, 'docx')).status).toBe(200);
		const bad = await download(chatId, 'record-pdf');
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toBe('format must be one of: md, docx, record-json, record-docx');
		expect((await download(chatId, 'record-json', bob)).status).toBe(404);
		expect((await download(chatId, 'record-docx', bob)).status).toBe(404);
		const plain = await (await download(chatId, 'record-json')).json();
		expect(plain.chat.assistant).toBeNull();
		expect(plain.chat.brief).toBeNull();
	});
});

describe('retention', () => {
	async function chatLastActive(user: SessionUser, daysAgo: number): Promise<string> {
		const chatId = await createChat(user);
		await ask(user, chatId, `Question ${daysAgo}`, ['Answer.'], false);
		await fixture.testDb.handle.db.execute(
			sql`update chats set updated_at = now() - make_interval(days => ${daysAgo}) where id = ${chatId}::uuid`
		);
		return chatId;
	}
	async function exists(chatId: string): Promise<boolean> {
		const rows = await queryRows(fixture.testDb.handle, sql`select 1 from chats where id = ${chatId}::uuid`);
		return rows.length === 1;
	}

	it('deletes only chats inactive for longer than the setting (default 365 days), with their messages, and audits counts', async () => {
		await fixture.testDb.handle.db.execute(sql`delete from chats`);
		expect(await getSetting('retention.days')).toBe(365);
		const old = await chatLastActive(alice, 400);
		const oldBob = await chatLastActive(bob, 366);
		const recent = await chatLastActive(alice, 300);
		const today = await chatLastActive(bob, 0);

		const result = await runRetention({ trigger: 'command' });
		expect(result).toMatchObject({ days: 365, chats: 2, messages: 4 });
		expect(await exists(old)).toBe(false);
		expect(await exists(oldBob)).toBe(false);
		expect(await exists(recent)).toBe(true);
		expect(await exists(today)).toBe(true);
		const orphans = await queryRows(
			fixture.testDb.handle,
			sql`select 1 from messages where chat_id in (${old}::uuid, ${oldBob}::uuid)`
		);
		expect(orphans).toEqual([]);
		const [event] = await listAuditEvents({ action: 'retention.run' });
		expect(event).toMatchObject({
			actorId: null,
			details: { days: 365, chatsDeleted: 2, messagesDeleted: 4, trigger: 'command' }
		});

		// Running again finds nothing more to delete.
		expect(await runRetention()).toMatchObject({ chats: 0, messages: 0 });
	});

	it('follows the admin setting', async () => {
		const recent = await chatLastActive(alice, 20);
		const fresh = await chatLastActive(alice, 5);
		expect(await setSetting('retention.days', 10, null)).toMatchObject({ ok: true });
		const result = await runRetention();
		expect(result.days).toBe(10);
		expect(await exists(recent)).toBe(false);
		expect(await exists(fresh)).toBe(true);
		await setSetting('retention.days', 365, null);
	});
});

describe('the retention setting on screen', () => {
	let admin: SessionUser;
	beforeAll(async () => {
		await fixture.testDb.handle.db.execute(sql`update users set role = 'admin' where id = ${alice.id}::uuid`);
		admin = { ...alice, role: 'admin' };
	});

	it('refuses values that are not a whole number of days from 1 to 3650, and changes nothing', async () => {
		for (const retentionDays of ['', '0', '3651', '30.5', 'ten', '-4']) {
			const result = await callAction(settingsPage.actions.saveRetention, admin, '/admin/settings', { retentionDays });
			expect(result, retentionDays).toMatchObject({
				kind: 'fail',
				status: 400,
				data: {
					section: 'retention',
					errors: { retentionDays: 'Enter the number of days as a whole number from 1 to 3650' }
				}
			});
		}
		expect(await getSetting('retention.days')).toBe(365);
		const member = await callAction(settingsPage.actions.saveRetention, bob, '/admin/settings', {
			retentionDays: '30'
		});
		expect(member).toMatchObject({ kind: 'error', status: 403 });
	});

	it('saves a new period and audits the before and after', async () => {
		const result = await callAction(settingsPage.actions.saveRetention, admin, '/admin/settings', {
			retentionDays: ' 90 '
		});
		expect(result).toMatchObject({
			kind: 'data',
			data: { section: 'retention', message: expect.stringContaining('90 days') }
		});
		expect(await getSetting('retention.days')).toBe(90);
		const [event] = await listAuditEvents({ action: 'settings.changed' });
		expect(event).toMatchObject({
			actorId: admin.id,
			targetId: 'retention.days',
			details: { before: { 'retention.days': 365 }, after: { 'retention.days': 90 } }
		});
		const load = await callLoad(settingsPage.load, admin, '/admin/settings');
		expect(load).toMatchObject({ kind: 'data', data: { retention: { days: 90 } } });
		await setSetting('retention.days', 365, null);
	});
});

describe('downloading all my data', () => {
	it('contains my profile, chats with messages, feedback, prompts, assistants and acceptances, and nobody else’s', async () => {
		await seedAcceptableUseIfNone();
		const [{ version }] = await queryRows<{ version: number }>(
			fixture.testDb.handle,
			sql`select max(version)::int as version from acceptable_use_versions`
		);
		await insertAcceptance(alice.id, version);
		await insertAcceptance(bob.id, version);
		const { chatId } = await recordedChat();
		const bobChat = await createChat(bob);
		await ask(bob, bobChat, 'Bob’s private question', ['Bob’s answer.'], false);
		const db = fixture.testDb.handle.db;
		await db.execute(sql`insert into saved_prompts (owner_id, title, body) values
			(${alice.id}::uuid, 'Alice prompt', 'Write about {{topic}}'),
			(${bob.id}::uuid, 'Bob prompt', 'Bob only')`);
		await db.execute(sql`insert into assistants (name, category, instructions, intake, owner_id) values
			('Alice helper', 'Other', 'Help', '{"mode":"none"}'::jsonb, ${alice.id}::uuid),
			('Bob helper', 'Other', 'Help', '{"mode":"none"}'::jsonb, ${bob.id}::uuid)`);

		const res = await callRoute(myDataRoute.GET, { user: alice, path: '/api/me/export' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toMatch(
			/^attachment; filename="nhs-comms-assist-my-data-\d{4}-\d{2}-\d{2}\.json"$/
		);
		const text = await res.text();
		const data = JSON.parse(text);
		expect(data.profile).toMatchObject({ id: alice.id, name: 'Alice', email: 'alice@nhs.net' });
		expect(data.profile).not.toHaveProperty('passwordHash');
		expect(text).not.toContain('not-a-hash');
		const mine = data.chats.find((c: { chat: { id: string } }) => c.chat.id === chatId);
		expect(mine.messages.map((m: { content: string }) => m.content)).toEqual([
			'When should the flu clinic open?',
			'Say 9am to 5pm [1].'
		]);
		expect(data.chats.every((c: { chat: { owner: { id: string } } }) => c.chat.owner.id === alice.id)).toBe(true);
		expect(data.feedback.some((f: { comment: string }) => f.comment === 'Shorter please')).toBe(true);
		expect(data.savedPrompts.map((p: { title: string }) => p.title)).toEqual(['Alice prompt']);
		expect(data.assistants.map((a: { name: string }) => a.name)).toEqual(['Alice helper']);
		expect(data.acceptableUseAcceptances).toEqual([{ version, acceptedAt: expect.any(String) }]);
		for (const theirs of ['Bob’s private question', 'Bob prompt', 'Bob helper', 'bob@nhs.net', bob.id]) {
			expect(text).not.toContain(theirs);
		}
	});

	it('needs a signed-in person', async () => {
		expect((await callRoute(myDataRoute.GET, { user: null, path: '/api/me/export' })).status).toBe(401);
	});

	it('is linked from the account page with name, email, role and teams', async () => {
		const load = await callLoad(accountPage.load, bob, '/account');
		expect(load).toMatchObject({
			kind: 'data',
			data: { account: { name: 'Bob', email: 'bob@nhs.net', role: 'member' }, teams: [], retentionDays: 365 }
		});
		expect((await callLoad(accountPage.load, null, '/account')).kind).toBe('redirect');
	});
});
