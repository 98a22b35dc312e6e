import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { getConfig } from '$lib/server/config';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { exportMyData } from '$lib/server/governance/my-data';
import * as attachmentsRoute from '../../src/routes/api/chats/[id]/attachments/+server';
import * as attachmentRoute from '../../src/routes/api/chats/[id]/attachments/[attachmentId]/+server';
import * as redactRoute from '../../src/routes/api/chats/[id]/attachments/[attachmentId]/redact/+server';
import * as chatRoute from '../../src/routes/api/chats/[id]/+server';
import { makeDocx, makePdf, makeXlsx, text, upload } from '../helpers/attachments';
import { callRoute, createChat, useChatFixture } from '../helpers/chat';
import { oleFile, zip } from '../fixtures/ingestion/office-writer';
import { queryRows, type TestDatabase } from '../helpers/test-db';

const fixture = useChatFixture('Attachments');
let testDb: TestDatabase;
let alice: SessionUser;
let bob: SessionUser;

beforeAll(() => {
	({ testDb, alice, bob } = fixture);
});

async function counts() {
	const [row] = await queryRows<{ a: number; c: number }>(
		testDb.handle,
		sql`select (select count(*)::int from attachments) as a, (select count(*)::int from attachment_chunks) as c`
	);
	return row;
}

type Body = Record<string, unknown> & { message?: string; errorId?: string };

async function attach(name: string, bytes: Uint8Array, chatId?: string) {
	const id = chatId ?? (await createChat(alice));
	const res = await upload(alice, id, name, bytes);
	return { res, body: (await res.json()) as Body, chatId: id };
}

const VTT = [
	'WEBVTT',
	'',
	'00:00:01.000 --> 00:00:05.000',
	'<v Priya Shah>Thanks for joining the winter vaccination workshop.</v>',
	'',
	'00:00:05.000 --> 00:00:09.000',
	'<v Tom Reid>Action for me: draft the staff briefing by Friday.</v>'
].join('\n');

describe('attaching each format', () => {
	it('reads a Word document into text with its headings', async () => {
		const bytes = await makeDocx([
			{ heading: true, text: 'Board paper: winter plan' },
			{ text: 'Flu vaccination uptake among frontline staff rose to 71 percent.' }
		]);
		const { res, body } = await attach('board-paper.docx', bytes);
		expect(res.status).toBe(201);
		expect(body).toMatchObject({
			id: expect.any(String),
			fileName: 'board-paper.docx',
			kind: 'document',
			personalData: { total: 0, kinds: {} }
		});
		expect(body.chars).toBeGreaterThan(60);
	});

	it('reads a PDF text layer', async () => {
		const { res, body } = await attach(
			'paper.pdf',
			makePdf(['Staff briefing on the new car park.', 'Opens in March.'])
		);
		expect(res.status).toBe(201);
		expect(body.kind).toBe('document');
	});

	it('reads plain text, Markdown and HTML, whatever their names say', async () => {
		for (const [name, content] of [
			['notes.txt', 'Plain notes about the clinic move.'],
			['notes.md', '# Clinic move\n\nThe clinic moves in **June**.'],
			['page.dat', '<!doctype html><html><body><main><h1>Clinic</h1><p>Opening hours change.</p></main></body></html>']
		]) {
			const { res, body } = await attach(name, text(content));
			expect(res.status, name).toBe(201);
			expect(body.kind).toBe('document');
		}
	});

	it('reads a WebVTT and an SRT transcript as transcripts, keeping speakers and times', async () => {
		const vtt = await attach('workshop.vtt', text(VTT));
		expect(vtt.res.status).toBe(201);
		expect(vtt.body.kind).toBe('transcript');
		const [row] = await queryRows<{ text: string }>(
			testDb.handle,
			sql`select text from attachments where id = ${vtt.body.id as string}::uuid`
		);
		expect(row.text).toContain('[00:00:05] Tom Reid: Action for me: draft the staff briefing by Friday.');
		// Named .txt but a SubRip file by its content.
		const srt = await attach('captions.txt', text('1\n00:00:01,000 --> 00:00:02,500\nANA: Hello all.\n'));
		expect(srt.body.kind).toBe('transcript');
	});

	it('reads CSV and Excel tables with their header row and the free-text column', async () => {
		const csv = await attach(
			'survey.csv',
			text('id,score,comment\n1,4,"Parking is hard, especially at night"\n2,5,Friendly staff\n')
		);
		expect(csv.res.status).toBe(201);
		expect(csv.body).toMatchObject({
			kind: 'table',
			columns: ['id', 'score', 'comment'],
			rows: 2,
			textColumn: 'comment'
		});
		const xlsx = await attach(
			'responses.xlsx',
			await makeXlsx([
				['Ward', 'What could we do better?'],
				['A1', 'More information about discharge'],
				['B2', 'Quicker pharmacy']
			])
		);
		expect(xlsx.res.status).toBe(201);
		expect(xlsx.body).toMatchObject({ kind: 'table', columns: ['Ward', 'What could we do better?'], rows: 2 });
		// The chat's list keeps a table's columns, so an analysis can be started after a reload.
		const listed = await callRoute(attachmentsRoute.GET, {
			user: alice,
			path: `/api/chats/${csv.chatId}/attachments`,
			params: { id: csv.chatId }
		});
		const items = ((await listed.json()) as { attachments: Record<string, unknown>[] }).attachments;
		expect(items.find((a) => a.id === csv.body.id)).toMatchObject({ columns: ['id', 'score', 'comment'], rows: 2 });
		// Rows are kept for analysis, by column.
		const [row] = await queryRows<{ rows: string[][] }>(
			testDb.handle,
			sql`select rows from attachments where id = ${xlsx.body.id as string}::uuid`
		);
		expect(row.rows).toEqual([
			['A1', 'More information about discharge'],
			['B2', 'Quicker pharmacy']
		]);
	});
});

describe('files that cannot be attached', () => {
	it('answers each problem with its status and a message to act on, leaving nothing behind', async () => {
		const before = await counts();
		const cases: [string, Uint8Array | Promise<Uint8Array>, number, RegExp][] = [
			['empty.txt', new Uint8Array(), 422, /empty/],
			['blank.txt', text('   \n\n  '), 422, /blank/],
			['scan.pdf', makePdf([]), 422, /no text.*scanned/],
			['locked.pdf', makePdf(['Secret'], { password: 'pw' }), 422, /password/],
			['broken.pdf', makePdf(['Hello there']).subarray(0, 120), 422, /damaged/],
			['broken.docx', (await makeDocx([{ text: 'Hello' }])).subarray(0, 300), 422, /damaged|could not be read/],
			['locked.docx', oleFile(['EncryptionInfo', 'EncryptedPackage']), 422, /password/],
			['empty.docx', makeDocx([]), 422, /no text/],
			['broken.xlsx', zip({ '[Content_Types].xml': text('<x/>'), 'xl/workbook.xml': text('<nope') }), 422, /damaged/],
			['header-only.csv', text('a,b\n'), 422, /no data rows/],
			['photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), 415, /PNG image/],
			['old.doc', oleFile(['WordDocument']), 415, /\.doc files are not supported/],
			[
				'slides.pptx',
				zip({ '[Content_Types].xml': text('<x/>'), 'ppt/presentation.xml': text('<p/>') }),
				415,
				/PowerPoint/
			]
		];
		for (const [name, bytes, status, message] of cases) {
			const { res, body } = await attach(name, await bytes);
			expect(res.status, name).toBe(status);
			expect(body.message, name).toMatch(message);
			expect(body.message, name).toContain(name);
			expect(body.errorId, name).toEqual(expect.any(String));
		}
		expect(await counts()).toEqual(before);
	});

	it('refuses a file over MAX_ATTACHMENT_MB with 413', async () => {
		const config = getConfig().attachments;
		const saved = config.maxBytes;
		config.maxBytes = 1024;
		try {
			const { res, body } = await attach('big.txt', text('word '.repeat(400)));
			expect(res.status).toBe(413);
			expect(body.message).toMatch(/over the 0\.1 MB limit for attachments/);
		} finally {
			config.maxBytes = saved;
		}
	});

	it('needs one file in the field "file"', async () => {
		const chatId = await createChat(alice);
		const res = await callRoute(attachmentsRoute.POST, {
			user: alice,
			method: 'POST',
			path: `/api/chats/${chatId}/attachments`,
			params: { id: chatId },
			body: { file: 'not multipart' }
		});
		expect(res.status).toBe(415);
		expect(((await res.json()) as Body).message).toMatch(/multipart\/form-data/);
	});
});

describe('listing, deleting and privacy', () => {
	it('lists, deletes, audits without content, and someone else gets 404 on everything', async () => {
		const { body, chatId } = await attach('workshop.vtt', text(VTT));
		const id = body.id as string;
		const list = async (user: SessionUser) =>
			callRoute(attachmentsRoute.GET, { user, path: `/api/chats/${chatId}/attachments`, params: { id: chatId } });
		const listed = (await (await list(alice)).json()) as { attachments: Record<string, unknown>[] };
		expect(listed.attachments).toEqual([
			expect.objectContaining({ id, fileName: 'workshop.vtt', kind: 'transcript', createdAt: expect.any(String) })
		]);

		expect((await list(bob)).status).toBe(404);
		expect((await upload(bob, chatId, 'x.txt', text('hello'))).status).toBe(404);
		const del = (user: SessionUser, attachmentId = id, chat = chatId) =>
			callRoute(attachmentRoute.DELETE, {
				user,
				method: 'DELETE',
				path: `/api/chats/${chat}/attachments/${attachmentId}`,
				params: { id: chat, attachmentId }
			});
		expect((await del(bob)).status).toBe(404);
		const redact = await callRoute(redactRoute.POST, {
			user: bob,
			method: 'POST',
			path: `/api/chats/${chatId}/attachments/${id}/redact`,
			params: { id: chatId, attachmentId: id }
		});
		expect(redact.status).toBe(404);
		// Bob's own chat cannot reach Alice's attachment either.
		const bobChat = await createChat(bob);
		expect((await del(bob, id, bobChat)).status).toBe(404);

		const exported = JSON.stringify(await exportMyData(alice.id));
		expect(exported).toContain('workshop.vtt');
		expect(exported).not.toContain('winter vaccination workshop');

		expect((await del(alice)).status).toBe(204);
		expect((await del(alice)).status).toBe(404);
		const events = (await listAuditEvents({ action: 'attachment.uploaded' })).concat(
			await listAuditEvents({ action: 'attachment.deleted' })
		);
		expect(
			events
				.filter((e) => e.targetId === id)
				.map((e) => e.action)
				.sort()
		).toEqual(['attachment.deleted', 'attachment.uploaded']);
		expect(JSON.stringify(events)).not.toContain('Priya');
	});

	it('deletes attachments and their passages with the chat', async () => {
		const { chatId } = await attach('notes.txt', text('Notes about the move.'));
		const before = await counts();
		const res = await callRoute(chatRoute.DELETE, {
			user: alice,
			method: 'DELETE',
			path: `/api/chats/${chatId}`,
			params: { id: chatId }
		});
		expect(res.status).toBe(204);
		const after = await counts();
		expect(after.a).toBe(before.a - 1);
		expect(after.c).toBeLessThan(before.c);
	});
});

describe('personal data in a file', () => {
	it('counts what the guard finds, shows the first findings in context, and replaces them with placeholders', async () => {
		const { body, chatId } = await attach(
			'letter.txt',
			text('Patient NHS number 943 476 5919 called on 07700 900123 about the clinic.')
		);
		expect(body.personalData).toMatchObject({ total: 2, kinds: { nhs_number: 1, phone: 1 } });
		const examples = (body.personalData as { examples: { kind: string; match: string; before: string }[] }).examples;
		expect(examples[0]).toMatchObject({ kind: 'nhs_number', match: '943 476 5919', before: 'Patient NHS number ' });

		const res = await callRoute(redactRoute.POST, {
			user: alice,
			method: 'POST',
			path: `/api/chats/${chatId}/attachments/${body.id}/redact`,
			params: { id: chatId, attachmentId: body.id as string }
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ redacted: true, personalData: { total: 0 } });
		const [row] = await queryRows<{ text: string; chunks: string }>(
			testDb.handle,
			sql`select a.text, string_agg(c.text, ' ') as chunks from attachments a join attachment_chunks c on c.attachment_id = a.id
				where a.id = ${body.id as string}::uuid group by a.text`
		);
		expect(row.text).not.toContain('943 476 5919');
		expect(row.chunks).not.toContain('943 476 5919');
		expect(row.chunks).not.toContain('07700');
	});
});
