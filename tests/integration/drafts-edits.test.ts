/**
 * Targeted AI edits and social variants through the real handlers, with the OpenAI stub as the model:
 * only the selected span ever changes, stale versions are 409, the personal-data guard runs first,
 * and what the model was sent (the whole draft with the passage marked, guidance) is recorded.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftVersionSummary } from '$lib/schemas/drafts';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { setSetting } from '$lib/server/governance/settings';
import { useChatSettings } from '$lib/server/llm/chat-models';
import * as editsRoute from '../../src/routes/api/drafts/[id]/edits/+server';
import * as acceptRoute from '../../src/routes/api/drafts/[id]/edits/[editId]/accept/+server';
import * as rejectRoute from '../../src/routes/api/drafts/[id]/edits/[editId]/reject/+server';
import * as variantRoute from '../../src/routes/api/drafts/[id]/variants/[platform]/+server';
import * as generateRoute from '../../src/routes/api/drafts/[id]/variants/[platform]/generate/+server';
import * as versionsRoute from '../../src/routes/api/drafts/[id]/versions/+server';
import { readEvents, stubSettings, useChatFixture } from '../helpers/chat';
import { addReviewer, approve, body, callDraft, getDraft, newDraft, saveDraft } from '../helpers/drafts';
import { queryRows } from '../helpers/test-db';

const fixture = useChatFixture('Drafts');
let alice: SessionUser;
let bob: SessionUser;

beforeAll(() => {
	({ alice, bob } = fixture);
});

type Events = { event: string; data: Record<string, unknown> }[];

function requestEdit(user: SessionUser, id: string, input: Record<string, unknown>) {
	return callDraft(editsRoute.POST, user, id, { method: 'POST', path: `/api/drafts/${id}/edits`, body: input });
}

function decide(
	route: typeof acceptRoute | typeof rejectRoute,
	user: SessionUser,
	id: string,
	editId: string,
	input?: unknown
) {
	return callDraft(route.POST, user, id, { method: 'POST', params: { editId }, body: input });
}

/** Asks for an edit of `passage` (the stub replies with `chunks`) and returns the events. */
async function editPassage(
	id: string,
	content: string,
	passage: string,
	instruction: string,
	chunks: string[],
	baseVersion = 1
) {
	const start = content.indexOf(passage);
	fixture.stub.next({ kind: 'answer', chunks });
	const res = await requestEdit(alice, id, { start, end: start + passage.length, instruction, baseVersion });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
	const events = (await readEvents(res)) as unknown as Events;
	return { start, end: start + passage.length, events };
}

const PREFIX = '👩🏽‍⚕️ Clinics 🇬🇧 — café “news”.\n\n';
const PASSAGE = 'The clinic, which is situated adjacent to the main entrance, will commence operations on Monday.';
const SUFFIX = '\n\nBook online 😀. ✅ Thanks!\n';
const CONTENT = PREFIX + PASSAGE + SUFFIX;

describe('targeted edits', () => {
	it('replaces only the selected passage, leaving the text around it byte for byte', async () => {
		const id = await newDraft(alice, { content: CONTENT, title: 'Clinic' });
		const { start, end, events } = await editPassage(id, CONTENT, PASSAGE, 'plainer English', [
			'"The clinic next to the main entrance ',
			'opens on Monday."'
		]);
		expect(events.filter((e) => e.event === 'token').map((e) => e.data.text)).toEqual([
			'"The clinic next to the main entrance ',
			'opens on Monday."'
		]);
		const done = events.at(-1)!;
		expect(done.event).toBe('done');
		expect(done.data.replacement).toBe('The clinic next to the main entrance opens on Monday.');
		const editId = done.data.editId as string;

		// The model saw the whole draft with the passage marked, the full preset instruction and guidance.
		const sent = fixture.stub.requests
			.at(-1)!
			.messages.map((m) => m.content)
			.join('\n');
		expect(sent).toContain(`${PREFIX}⟦EDIT⟧${PASSAGE}⟦/EDIT⟧${SUFFIX}`);
		expect(sent).toMatch(/short sentences/);
		const [edit] = await queryRows<{
			status: string;
			model: string;
			prompt_versions: { id: string }[];
			original: string;
		}>(
			fixture.testDb.handle,
			sql`select status, model, prompt_versions, original from draft_edits where id = ${editId}::uuid`
		);
		expect(edit).toMatchObject({ status: 'proposed', model: 'stub-model', original: PASSAGE });
		expect(edit.prompt_versions.map((p) => p.id)).toEqual(['chat-system', 'draft-edit', 'draft-edit-guidance']);
		expect(sent).toMatch(/approved NHS guidance library/);

		const res = await decide(acceptRoute, alice, id, editId, { baseVersion: 1 });
		expect(res.status).toBe(200);
		const accepted = await body<{ version: number; content: string }>(res);
		expect(accepted.version).toBe(2);
		const expected = `${PREFIX}The clinic next to the main entrance opens on Monday.${SUFFIX}`;
		expect(accepted.content).toBe(expected);
		expect(Buffer.from(accepted.content.slice(0, start))).toEqual(Buffer.from(PREFIX));
		expect(Buffer.from(accepted.content.slice(accepted.content.length - (CONTENT.length - end)))).toEqual(
			Buffer.from(SUFFIX)
		);
		const view = await getDraft(alice, id);
		expect(view).toMatchObject({ content: expected, version: 2, aiAssisted: true });
		const versions = await body<{ versions: DraftVersionSummary[] }>(await callDraft(versionsRoute.GET, alice, id));
		expect(versions.versions[0]).toMatchObject({ version: 2, source: 'ai_edit', note: 'plainer English' });
		// Accepting twice does nothing more.
		expect((await decide(acceptRoute, alice, id, editId, { baseVersion: 2 })).status).toBe(409);
		const audits = await listAuditEvents({ action: 'draft.ai_edit_accepted' });
		expect(audits.some((a) => a.targetId === id)).toBe(true);
		expect(JSON.stringify(audits)).not.toContain('clinic');
	});

	it('refuses a stale base version before calling the model, and a span outside the draft', async () => {
		const id = await newDraft(alice, { content: 'One two three.' });
		await saveDraft(alice, id, { content: 'One two three four.', baseVersion: 1 });
		const before = fixture.stub.requests.length;
		const stale = await requestEdit(alice, id, { start: 0, end: 3, instruction: 'shorter', baseVersion: 1 });
		expect(stale.status).toBe(409);
		expect((await body<{ current: unknown }>(stale)).current).toEqual({ version: 2, content: 'One two three four.' });
		const outside = await requestEdit(alice, id, { start: 5, end: 500, instruction: 'shorter', baseVersion: 2 });
		expect(outside.status).toBe(400);
		expect((await body(outside)).message).toMatch(/outside the draft/);
		expect(fixture.stub.requests.length).toBe(before);
	});

	it('refuses to accept an edit once the draft has moved on, and changes nothing', async () => {
		const id = await newDraft(alice, { content: CONTENT });
		const { events } = await editPassage(id, CONTENT, PASSAGE, 'shorter', ['Opens Monday.']);
		const editId = events.at(-1)!.data.editId as string;
		await saveDraft(alice, id, { content: CONTENT + 'More.', baseVersion: 1 });
		const res = await decide(acceptRoute, alice, id, editId, { baseVersion: 2 });
		expect(res.status).toBe(409);
		expect((await body<{ current: { version: number } }>(res)).current.version).toBe(2);
		expect((await getDraft(alice, id)).content).toBe(CONTENT + 'More.');
	});

	it('rejects an edit without changing the draft; edits of an approved draft return it to draft', async () => {
		const id = await newDraft(alice, { content: CONTENT });
		const first = await editPassage(id, CONTENT, PASSAGE, 'warmer', ['Warm words.']);
		const rejected = await decide(rejectRoute, alice, id, first.events.at(-1)!.data.editId as string);
		expect(rejected.status).toBe(200);
		expect(await getDraft(alice, id)).toMatchObject({ version: 1, content: CONTENT });

		await approve(fixture.testDb.handle, id, bob, 1);
		const second = await editPassage(id, CONTENT, PASSAGE, 'Make it sound exciting', ['Exciting words!']);
		const res = await decide(acceptRoute, alice, id, second.events.at(-1)!.data.editId as string, { baseVersion: 1 });
		expect(await body(res)).toMatchObject({
			version: 2,
			status: 'draft',
			notice: 'This draft was approved as version 1. Your change returns it to draft: ask for sign-off again.'
		});
	});

	it('runs the personal-data guard on the instruction and draft before any model call', async () => {
		const id = await newDraft(alice, { content: 'Call Jo on 07700 900123 about the clinic.' });
		const before = fixture.stub.requests.length;
		const input = { start: 0, end: 4, instruction: 'warmer', baseVersion: 1 };
		const held = await requestEdit(alice, id, input);
		expect(held.status).toBe(422);
		const warning = await body<{ message: string; findings: unknown[]; mode: string }>(held);
		expect(warning.mode).toBe('warn');
		expect(warning.findings.length).toBeGreaterThan(0);
		expect(warning.message).toMatch(/send anyway with a reason/);
		expect(fixture.stub.requests.length).toBe(before);

		fixture.stub.next({ kind: 'answer', chunks: ['Please call'] });
		const sent = await requestEdit(alice, id, {
			...input,
			personalData: { action: 'send_anyway', reason: 'Press office line' }
		});
		expect(sent.status).toBe(200);
		expect(((await readEvents(sent)) as unknown as Events).at(-1)!.event).toBe('done');

		await setSetting('guard.mode', 'block', null);
		try {
			const blocked = await requestEdit(alice, id, { ...input, personalData: { action: 'send_anyway', reason: 'x' } });
			expect(blocked.status).toBe(422);
			expect((await body(blocked)).message).toMatch(/was not sent/);
		} finally {
			await setSetting('guard.mode', 'warn', null);
		}
	});

	it('reports a model failure as an error event and records the edit as failed', async () => {
		const id = await newDraft(alice, { content: CONTENT });
		fixture.stub.next({ kind: 'status', status: 500 });
		const start = CONTENT.indexOf(PASSAGE);
		const res = await requestEdit(alice, id, { start, end: start + 10, instruction: 'shorter', baseVersion: 1 });
		const events = (await readEvents(res)) as unknown as Events;
		expect(events.at(-1)!.event).toBe('error');
		expect(events.at(-1)!.data.message).toMatch(/Try again/);
		const [row] = await queryRows<{ status: string }>(
			fixture.testDb.handle,
			sql`select status from draft_edits where draft_id = ${id}::uuid`
		);
		expect(row.status).toBe('failed');
	});

	it('answers 503 with what to do when no model is set up', async () => {
		const id = await newDraft(alice, { content: CONTENT });
		useChatSettings({ ...stubSettings(fixture.stub), models: [] });
		const res = await requestEdit(alice, id, { start: 0, end: 5, instruction: 'shorter', baseVersion: 1 });
		expect(res.status).toBe(503);
		// Alice is the first account, so an administrator: she is told where to connect one.
		expect((await body(res)).message).toMatch(/Admin › Models/);
	});

	it('says what is wrong with a bad edit request', async () => {
		const id = await newDraft(alice, { content: CONTENT });
		const cases: [unknown, RegExp][] = [
			[{ start: 5, end: 5, instruction: 'shorter', baseVersion: 1 }, /Select some text to change/],
			[{ start: 0, end: 5, instruction: '  ', baseVersion: 1 }, /Say how to change the passage/],
			[{ start: -1, end: 5, instruction: 'x', baseVersion: 1 }, /start must be 0 or more/],
			[{ start: 0, end: 5, instruction: 'x'.repeat(501), baseVersion: 1 }, /500 characters/],
			[{ start: 0, end: 5, instruction: 'x' }, /baseVersion must be a version number/]
		];
		for (const [input, message] of cases) {
			const res = await requestEdit(alice, id, input as Record<string, unknown>);
			expect(res.status).toBe(400);
			expect((await body(res)).message).toMatch(message);
		}
	});

	it('keeps edits to the author: a stranger gets 404, a reviewer 403', async () => {
		const id = await newDraft(alice, { content: CONTENT });
		const { events } = await editPassage(id, CONTENT, PASSAGE, 'shorter', ['Short.']);
		const editId = events.at(-1)!.data.editId as string;
		const input = { start: 0, end: 5, instruction: 'shorter', baseVersion: 1 };
		expect((await requestEdit(bob, id, input)).status).toBe(404);
		expect((await decide(acceptRoute, bob, id, editId, { baseVersion: 1 })).status).toBe(404);
		expect((await decide(rejectRoute, bob, id, editId)).status).toBe(404);
		await addReviewer(fixture.testDb.handle, id, bob);
		expect((await requestEdit(bob, id, input)).status).toBe(403);
		expect((await decide(acceptRoute, bob, id, editId, { baseVersion: 1 })).status).toBe(403);
		// An edit id from another draft is not found here.
		const other = await newDraft(alice, { content: 'Other' });
		expect((await decide(acceptRoute, alice, other, editId, { baseVersion: 1 })).status).toBe(404);
	});
});

describe('social variants', () => {
	function generate(user: SessionUser, id: string, platform: string) {
		return callDraft(generateRoute.POST, user, id, { method: 'POST', params: { platform } });
	}
	function putVariant(user: SessionUser, id: string, platform: string, input: unknown) {
		return callDraft(variantRoute.PUT, user, id, { method: 'PUT', params: { platform }, body: input });
	}

	it('writes a post for a platform with its limit, saves it, and flags one over the limit', async () => {
		const id = await newDraft(alice, { content: 'Flu clinics open on Monday at the main entrance.' });
		fixture.stub.next({ kind: 'answer', chunks: ['```\nFlu clinics open Monday ', '#FluJab\n```'] });
		const events = (await readEvents(await generate(alice, id, 'x'))) as unknown as Events;
		expect(events.at(-1)).toEqual({ event: 'done', data: { content: 'Flu clinics open Monday #FluJab' } });
		expect(
			fixture.stub.requests
				.at(-1)!
				.messages.map((m) => m.content)
				.join('\n')
		).toContain('280 characters');
		const view = await getDraft(alice, id);
		expect(view.variants).toMatchObject([
			{ platform: 'x', content: 'Flu clinics open Monday #FluJab', aiGenerated: true, basedOnVersion: 1 }
		]);

		fixture.stub.next({ kind: 'answer', chunks: ['a'.repeat(301)] });
		const long = (await readEvents(await generate(alice, id, 'bluesky'))) as unknown as Events;
		expect(long.at(-1)!.data).toMatchObject({ overLimit: true });
	});

	it('saves a hand-written post, refusing one over the limit and an unknown platform', async () => {
		const id = await newDraft(alice, { content: 'Text' });
		const ok = await putVariant(alice, id, 'x', { content: 'Short post 😀' });
		expect(ok.status).toBe(200);
		expect((await getDraft(alice, id)).variants).toMatchObject([
			{ platform: 'x', content: 'Short post 😀', aiGenerated: false }
		]);
		const over = await putVariant(alice, id, 'x', { content: 'a'.repeat(281) });
		expect(over.status).toBe(400);
		expect((await body(over)).message).toBe(
			'A X post can be at most 280 characters; this one has 281. Shorten it by 1 and save again.'
		);
		expect((await putVariant(alice, id, 'myspace', { content: 'x' })).status).toBe(404);
		expect((await putVariant(alice, id, 'x', { content: 5 })).status).toBe(400);
		expect((await putVariant(bob, id, 'x', { content: 'Bob' })).status).toBe(404);
		expect((await generate(bob, id, 'x')).status).toBe(404);
	});
});
