/**
 * Drafts through the real route handlers: made from answers, saved with optimistic concurrency (a
 * stale base version is a 409 and nothing is overwritten), versions and restore, approval undone by
 * an edit, and isolation (another person's draft is 404; a reviewer may read but not change).
 */
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredSource } from '$lib/schemas/chat';
import type { DraftSummary, DraftVersionSummary } from '$lib/schemas/drafts';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { createUser } from '$lib/server/db/queries/users';
import * as draftsRoute from '../../src/routes/api/drafts/+server';
import * as draftRoute from '../../src/routes/api/drafts/[id]/+server';
import * as exportRoute from '../../src/routes/api/drafts/[id]/export/+server';
import * as versionsRoute from '../../src/routes/api/drafts/[id]/versions/+server';
import * as versionRoute from '../../src/routes/api/drafts/[id]/versions/[version]/+server';
import * as restoreRoute from '../../src/routes/api/drafts/[id]/versions/[version]/restore/+server';
import { callRoute, useChatFixture } from '../helpers/chat';
import {
	addReviewer,
	approve,
	body,
	callDraft,
	getDraft,
	newDraft,
	saveDraft,
	storedAnswer,
	type Json
} from '../helpers/drafts';
import { queryRows } from '../helpers/test-db';

const fixture = useChatFixture('Drafts');
let alice: SessionUser;
let bob: SessionUser;
let carol: SessionUser;

beforeAll(async () => {
	({ alice, bob } = fixture);
	const c = await createUser({ email: 'carol@nhs.net', name: 'Carol', passwordHash: 'not-a-hash' });
	carol = { id: c.id, email: c.email, name: c.name, role: c.role };
});

const source: StoredSource = {
	n: 1,
	documentTitle: 'NHS style guide',
	heading: 'Dates',
	collection: 'style',
	text: 'Write dates in full.',
	url: 'https://example.nhs.uk/style',
	chunkId: 'c1',
	documentId: 'd1',
	version: 3
};

function create(user: SessionUser, input: unknown) {
	return callRoute(draftsRoute.POST, { user, method: 'POST', path: '/api/drafts', body: input });
}

describe('creating drafts', () => {
	it('makes a draft from one of my answers, without citation markers, titled by its heading', async () => {
		const answer = await storedAnswer(alice, '# Flu clinics open on Monday\n\nBook from 6 December 2026 [1].', [
			source
		]);
		const res = await create(alice, { fromMessageId: answer.messageId });
		expect(res.status).toBe(201);
		const created = await body<{ id: string; version: number }>(res);
		expect(created.version).toBe(1);
		const view = await getDraft(alice, created.id);
		expect(view).toMatchObject({
			title: 'Flu clinics open on Monday',
			version: 1,
			status: 'draft',
			chatId: answer.chatId
		});
		expect(view.aiAssisted).toBe(true);
		expect(view.content).toContain('Book from 6 December 2026.');
		expect(view.content).not.toContain('[1]');
		expect(view.content).toContain('NHS style guide — Dates (version 3): https://example.nhs.uk/style');
		expect(view.approvals).toEqual([]);
		const events = await listAuditEvents({ action: 'draft.created' });
		expect(JSON.stringify(events)).not.toContain('Book from');
	});

	it('titles a draft from the chat when the answer has no heading', async () => {
		const answer = await storedAnswer(alice, 'Clinics are open.', [], 'Winter clinic post');
		const view = await getDraft(alice, await newDraft(alice, { fromMessageId: answer.messageId }));
		expect(view.title).toBe('Winter clinic post');
	});

	it("refuses someone else's answer, a question and a made-up id with 404", async () => {
		const bobs = await storedAnswer(bob, 'Bob only.');
		for (const fromMessageId of [bobs.messageId, bobs.questionId, crypto.randomUUID(), 'not-an-id']) {
			const res = await create(alice, { fromMessageId });
			expect(res.status).toBe(404);
		}
	});

	it('makes a draft from text, or an empty untitled one', async () => {
		const view = await getDraft(alice, await newDraft(alice, { content: 'Hello', title: 'Note' }));
		expect(view).toMatchObject({ title: 'Note', content: 'Hello', aiAssisted: false, chatId: null });
		const empty = await getDraft(alice, await newDraft(alice, {}));
		expect(empty).toMatchObject({ title: 'Untitled draft', content: '' });
	});

	it('says what is wrong with bad input', async () => {
		const cases: [unknown, RegExp][] = [
			['nonsense', /must be JSON/],
			[[1], /JSON object/],
			[{ content: 5 }, /content must be text/],
			[{ title: '   ' }, /Give the draft a title/],
			[{ title: 'x'.repeat(201) }, /200 characters/],
			[{ content: 'x'.repeat(200_001) }, /at most 200,000 characters/],
			[{ fromMessageId: crypto.randomUUID(), content: 'x' }, /either fromMessageId or content/]
		];
		for (const [input, message] of cases) {
			const res = await create(alice, input);
			expect(res.status, JSON.stringify(input).slice(0, 40)).toBe(400);
			expect((await body(res)).message).toMatch(message);
		}
	});

	it('lists my drafts and those waiting for my review', async () => {
		const id = await newDraft(alice, { title: 'For Bob to review', content: 'Text' });
		await addReviewer(fixture.testDb.handle, id, bob);
		const bobs = await body<{ drafts: DraftSummary[]; reviewing: DraftSummary[] }>(
			await callRoute(draftsRoute.GET, { user: bob, path: '/api/drafts' })
		);
		expect(bobs.reviewing.map((d) => d.id)).toEqual([id]);
		expect(bobs.reviewing[0]).toMatchObject({ title: 'For Bob to review', ownerName: 'Alice', status: 'in_review' });
		expect(bobs.drafts.map((d) => d.id)).not.toContain(id);
		const alices = await body<{ drafts: DraftSummary[] }>(
			await callRoute(draftsRoute.GET, { user: alice, path: '/api/drafts' })
		);
		expect(alices.drafts.map((d) => d.id)).toContain(id);
		// Once Bob has decided, it no longer waits for him.
		await approve(fixture.testDb.handle, id, bob, 1);
		const after = await body<{ reviewing: DraftSummary[] }>(
			await callRoute(draftsRoute.GET, { user: bob, path: '/api/drafts' })
		);
		expect(after.reviewing).toEqual([]);
	});
});

describe('saving', () => {
	it('saves a new version, and an unchanged save makes none', async () => {
		const id = await newDraft(alice, { content: 'One' });
		const res = await saveDraft(alice, id, { content: 'Two', baseVersion: 1 });
		expect(res.status).toBe(200);
		expect(await body(res)).toEqual({ version: 2 });
		const same = await saveDraft(alice, id, { content: 'Two', baseVersion: 2 });
		expect(await body(same)).toEqual({ version: 2 });
		const renamed = await saveDraft(alice, id, { content: 'Two', title: 'Renamed', baseVersion: 2 });
		expect(await body(renamed)).toEqual({ version: 3 });
		expect(await getDraft(alice, id)).toMatchObject({ content: 'Two', title: 'Renamed', version: 3 });
	});

	it('refuses a stale base version with 409 and the current text, overwriting nothing', async () => {
		const id = await newDraft(alice, { content: 'Original' });
		expect((await saveDraft(alice, id, { content: 'From tab A', baseVersion: 1 })).status).toBe(200);
		const res = await saveDraft(alice, id, { content: 'From tab B', baseVersion: 1 });
		expect(res.status).toBe(409);
		const conflict = await body<{ message: string; current: { version: number; content: string } }>(res);
		expect(conflict.current).toEqual({ version: 2, content: 'From tab A' });
		expect(conflict.message).toMatch(/changed since you opened it/);
		expect(await getDraft(alice, id)).toMatchObject({ content: 'From tab A', version: 2 });
		const [row] = await queryRows<{ n: number }>(
			fixture.testDb.handle,
			sql`select count(*)::int as n from draft_versions where draft_id = ${id}::uuid`
		);
		expect(row.n).toBe(2);
	});

	it('lets exactly one of two simultaneous saves from the same version win', async () => {
		const id = await newDraft(alice, { content: 'Start' });
		const results = await Promise.all(
			['Tab one', 'Tab two', 'Tab three'].map((content) => saveDraft(alice, id, { content, baseVersion: 1 }))
		);
		const statuses = results.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 409, 409]);
		const winner = results.findIndex((r) => r.status === 200);
		const view = await getDraft(alice, id);
		expect(view.version).toBe(2);
		expect(view.content).toBe(['Tab one', 'Tab two', 'Tab three'][winner]);
		const versions = await body<{ versions: DraftVersionSummary[] }>(await callDraft(versionsRoute.GET, alice, id));
		expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
	});

	it('returns an approved draft to draft when it is edited, and says so', async () => {
		const id = await newDraft(alice, { content: 'Approved text' });
		await saveDraft(alice, id, { content: 'Approved text v2', baseVersion: 1 });
		await saveDraft(alice, id, { content: 'Approved text v3', baseVersion: 2 });
		await approve(fixture.testDb.handle, id, bob, 3);
		expect((await getDraft(alice, id)).status).toBe('approved');
		const res = await saveDraft(alice, id, { content: 'Changed after approval', baseVersion: 3 });
		expect(res.status).toBe(200);
		expect(await body(res)).toEqual({
			version: 4,
			status: 'draft',
			notice: 'This draft was approved as version 3. Your change returns it to draft: ask for sign-off again.'
		});
		const view = await getDraft(alice, id);
		expect(view.status).toBe('draft');
		expect(view.approvals).toMatchObject([{ reviewerName: 'Bob', decision: 'approve', version: 3 }]);
	});

	it('says what is wrong with a bad save', async () => {
		const id = await newDraft(alice, { content: 'x' });
		const cases: [unknown, RegExp][] = [
			[{ content: 'y' }, /baseVersion must be a version number/],
			[{ content: 'y', baseVersion: 1.5 }, /whole number/],
			[{ content: 'y', baseVersion: 0 }, /1 or more/],
			[{ baseVersion: 1 }, /content must be text/]
		];
		for (const [input, message] of cases) {
			const res = await saveDraft(alice, id, input as Json);
			expect(res.status).toBe(400);
			expect((await body(res)).message).toMatch(message);
		}
	});
});

describe('versions', () => {
	it('lists versions with their authors, shows one, and restores one as a new version', async () => {
		const id = await newDraft(alice, { content: 'First', title: 'T1' });
		await saveDraft(alice, id, { content: 'Second', title: 'T2', baseVersion: 1 });
		const list = await body<{ versions: DraftVersionSummary[] }>(await callDraft(versionsRoute.GET, alice, id));
		expect(list.versions).toMatchObject([
			{ version: 2, authorName: 'Alice', source: 'edited' },
			{ version: 1, authorName: 'Alice', source: 'created' }
		]);
		const one = await callDraft(versionRoute.GET, alice, id, { params: { version: '1' } });
		expect(await body(one)).toMatchObject({ version: 1, title: 'T1', content: 'First', authorName: 'Alice' });
		for (const version of ['3', '0', 'abc']) {
			expect((await callDraft(versionRoute.GET, alice, id, { params: { version } })).status).toBe(404);
		}
		const restore = (baseVersion: number) =>
			callDraft(restoreRoute.POST, alice, id, { method: 'POST', params: { version: '1' }, body: { baseVersion } });
		const stale = await restore(1);
		expect(stale.status).toBe(409);
		expect((await body<{ current: unknown }>(stale)).current).toEqual({ version: 2, content: 'Second' });
		const res = await restore(2);
		expect(res.status).toBe(200);
		expect(await body(res)).toEqual({ version: 3 });
		expect(await getDraft(alice, id)).toMatchObject({ version: 3, content: 'First', title: 'T1' });
		const after = await body<{ versions: DraftVersionSummary[] }>(await callDraft(versionsRoute.GET, alice, id));
		expect(after.versions[0]).toMatchObject({ version: 3, source: 'restored', note: 'Restored version 1' });
		const events = await listAuditEvents({ action: 'draft.restored' });
		expect(JSON.stringify(events)).toContain(id);
	});
});

function exportDraft(user: SessionUser, id: string, format: string) {
	return callDraft(exportRoute.GET, user, id, { path: `/api/drafts/${id}/export?format=${format}` });
}

/** The text of a .docx's body, tags removed. */
async function docxText(res: Response): Promise<string> {
	const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
	return strFromU8(files['word/document.xml'])
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ');
}

describe('export', () => {
	const STATEMENT = 'This content was drafted with the help of NHS Comms Assist';

	it('exports Word and Markdown with the AI-use statement and who approved which version', async () => {
		const answer = await storedAnswer(alice, '# Winter vaccines: book now\n\nVaccines are **free** for over-65s.');
		const id = await newDraft(alice, { fromMessageId: answer.messageId });
		await saveDraft(alice, id, { content: 'Vaccines are **free** for everyone over 65.', baseVersion: 1 });
		await addReviewer(fixture.testDb.handle, id, carol, 2);
		await approve(fixture.testDb.handle, id, carol, 2, { clinical: true, at: '2026-12-06T14:05:00Z' });

		const docx = await exportDraft(alice, id, 'docx');
		expect(docx.status).toBe(200);
		expect(docx.headers.get('content-disposition')).toBe('attachment; filename="Winter-vaccines-book-now.docx"');
		const text = await docxText(docx);
		expect(text).toContain('Winter vaccines: book now');
		expect(text).toContain('for everyone over 65');
		expect(text).toContain(STATEMENT);
		expect(text).toContain('Carol (carol@nhs.net)');
		expect(text).toContain('This is version 2, approved by Carol.');
		expect(text).toContain('6 December 2026 at 14:05');
		expect(text).toMatch(/Approved\s+2\s+6 December/);

		const md = await exportDraft(alice, id, 'md');
		expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
		const markdown = await md.text();
		expect(markdown).toMatch(/^# Winter vaccines: book now\n/);
		expect(markdown).toContain(STATEMENT);
		expect(markdown).toContain('| Carol (carol@nhs.net) | Yes | Approved | 2 | 6 December 2026 at 14:05 |');

		// The reviewer may export it too.
		expect((await exportDraft(carol, id, 'md')).status).toBe(200);
		const events = await listAuditEvents({ action: 'draft.exported' });
		expect(events.filter((e) => e.targetId === id)).toHaveLength(3);
		expect(JSON.stringify(events)).not.toContain('over 65');
	});

	it('says plainly when the exported version is not the approved one', async () => {
		const id = await newDraft(alice, { title: 'Changed later', content: 'Approved words' });
		await approve(fixture.testDb.handle, id, bob, 1);
		await saveDraft(alice, id, { content: 'Different words', baseVersion: 1 });
		const markdown = await (await exportDraft(alice, id, 'md')).text();
		expect(markdown).toContain('This is version 2. It has NOT been approved: the approval (by Bob) is for version 1.');
		// Typed by a person, not AI: no AI-use statement.
		expect(markdown).not.toContain(STATEMENT);
		const text = await docxText(await exportDraft(alice, id, 'docx'));
		expect(text).toContain('It has NOT been approved');
	});

	it('refuses an unknown format with a clear message', async () => {
		const id = await newDraft(alice, { content: 'x' });
		for (const format of ['pdf', '']) {
			const res = await exportDraft(alice, id, format);
			expect(res.status).toBe(400);
			expect((await body(res)).message).toMatch(/format must be one of: docx, md/);
		}
	});
});

describe('isolation', () => {
	it("keeps another person's draft 404 on every route, and lets a reviewer read but not change", async () => {
		const id = await newDraft(alice, { content: 'Private' });
		const routes = [
			() => callDraft(draftRoute.GET, bob, id),
			() => saveDraft(bob, id, { content: 'Bob was here', baseVersion: 1 }),
			() => callDraft(versionsRoute.GET, bob, id),
			() => callDraft(versionRoute.GET, bob, id, { params: { version: '1' } }),
			() =>
				callDraft(restoreRoute.POST, bob, id, { method: 'POST', params: { version: '1' }, body: { baseVersion: 1 } }),
			() => exportDraft(bob, id, 'docx')
		];
		for (const call of routes) expect((await call()).status).toBe(404);
		expect((await callDraft(draftRoute.GET, alice, 'not-a-uuid')).status).toBe(404);

		await addReviewer(fixture.testDb.handle, id, carol);
		const asReviewer = await getDraft(carol, id);
		expect(asReviewer).toMatchObject({ role: 'reviewer', content: 'Private', ownerName: 'Alice' });
		expect((await callDraft(versionsRoute.GET, carol, id)).status).toBe(200);
		expect((await exportDraft(carol, id, 'docx')).status).toBe(200);
		expect((await saveDraft(carol, id, { content: 'Carol was here', baseVersion: 1 })).status).toBe(403);
		expect(
			(
				await callDraft(restoreRoute.POST, carol, id, {
					method: 'POST',
					params: { version: '1' },
					body: { baseVersion: 1 }
				})
			).status
		).toBe(403);
		expect((await getDraft(alice, id)).content).toBe('Private');
		// Bob is still a stranger to it.
		expect((await callDraft(draftRoute.GET, bob, id)).status).toBe(404);
	});

	it('asks for a sign-in', async () => {
		const res = await callRoute(draftsRoute.GET, { user: null, path: '/api/drafts' });
		expect(res.status).toBe(401);
	});
});
