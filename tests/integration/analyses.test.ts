import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisView } from '$lib/schemas/analysis';
import type { SessionUser } from '$lib/schemas/user';
import { setAnalysisRetryDelay } from '$lib/server/analysis/job';
import { callBudget } from '$lib/server/analysis/plan';
import { loadBuiltinAssistants } from '$lib/server/assistants/builtins';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { exportMyData } from '$lib/server/governance/my-data';
import { runRetention } from '$lib/server/governance/retention';
import { runNextJob } from '$lib/server/jobs/worker';
import { useChatSettings } from '$lib/server/llm/chat-models';
import * as chatAnalysesRoute from '../../src/routes/api/chats/[id]/analyses/+server';
import * as chatRoute from '../../src/routes/api/chats/[id]/+server';
import * as attachmentRoute from '../../src/routes/api/chats/[id]/attachments/[attachmentId]/+server';
import * as attachmentsRoute from '../../src/routes/api/chats/[id]/attachments/+server';
import * as analysisRoute from '../../src/routes/api/analyses/[id]/+server';
import * as responsesRoute from '../../src/routes/api/analyses/[id]/responses/+server';
import * as themeRoute from '../../src/routes/api/analyses/[id]/themes/[themeId]/+server';
import * as mergeRoute from '../../src/routes/api/analyses/[id]/themes/merge/+server';
import * as splitRoute from '../../src/routes/api/analyses/[id]/themes/[themeId]/split/+server';
import * as exportRoute from '../../src/routes/api/analyses/[id]/export/+server';
import * as summaryRoute from '../../src/routes/api/analyses/[id]/you-said-we-did/+server';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import {
	analysisModel,
	analysisTask,
	expectedCounts,
	PERSONAL,
	promptResponses,
	responsesCsv,
	syntheticResponses,
	TOPICS
} from '../helpers/analysis';
import { text, upload } from '../helpers/attachments';
import { callRoute, createChat, readEvents, storedMessages, stubSettings, useChatFixture } from '../helpers/chat';
import { ageJobHeartbeat } from '../helpers/corpus';
import { queryRows } from '../helpers/test-db';

type Handler = (event: never) => Promise<Response> | Response;

const fixture = useChatFixture('Analysis');
let alice: SessionUser;
let bob: SessionUser;

beforeAll(async () => {
	({ alice, bob } = fixture);
	setAnalysisRetryDelay(5);
	await loadBuiltinAssistants();
});

type Json = Record<string, unknown> & { message?: string };

async function body<T = Json>(res: Response): Promise<T> {
	return (await res.json()) as T;
}

/** A chat with a CSV of `n` synthetic responses attached. */
async function chatWithResponses(n: number, user = alice) {
	const responses = syntheticResponses(n);
	const chatId = await createChat(user);
	const res = await upload(user, chatId, 'survey.csv', responsesCsv(responses));
	expect(res.status).toBe(201);
	const attachmentId = (await body<{ id: string }>(res)).id;
	return { chatId, attachmentId, responses };
}

function start(chatId: string, input: unknown, user = alice) {
	return callRoute(chatAnalysesRoute.POST, {
		user,
		method: 'POST',
		path: `/api/chats/${chatId}/analyses`,
		params: { id: chatId },
		body: input
	});
}

async function getView(id: string, user = alice): Promise<AnalysisView> {
	const res = await callRoute(analysisRoute.GET, { user, path: `/api/analyses/${id}`, params: { id } });
	expect(res.status).toBe(200);
	return body<AnalysisView>(res);
}

/** Starts an analysis of the chat's CSV and runs its job to the end. */
async function analyse(n: number, question = 'What could we do better?') {
	const setup = await chatWithResponses(n);
	useChatSettings(stubSettings(fixture.stub));
	fixture.stub.replyTo = analysisModel;
	const res = await start(setup.chatId, { attachmentId: setup.attachmentId, column: 'comment', question });
	expect(res.status).toBe(202);
	const { id } = await body<{ id: string }>(res);
	expect(await runNextJob()).toBe(true);
	return { ...setup, id };
}

function byTitle(view: AnalysisView) {
	return Object.fromEntries(view.themes.map((t) => [t.title, t.count]));
}

async function responsesOf(id: string, query = '', user = alice) {
	const path = `/api/analyses/${id}/responses${query}`;
	const res = await callRoute(responsesRoute.GET, { user, path, params: { id } });
	return {
		res,
		page:
			res.status === 200
				? await body<{ responses: { id: string; number: number; text: string; themeIds: string[] }[]; total: number }>(
						res
					)
				: undefined
	};
}

describe('an analysis of 2,000 responses', () => {
	let run: Awaited<ReturnType<typeof analyse>>;
	let requestsBefore = 0;

	beforeAll(async () => {
		requestsBefore = fixture.stub.requests.length;
		fixture.stub.maxInFlight = 0;
		useChatSettings(stubSettings(fixture.stub));
		run = await analyse(2000);
	}, 180_000);

	it('finishes with every theme counted, the rest unassigned, within the model-call budget', async () => {
		const view = await getView(run.id);
		const expected = expectedCounts(run.responses);
		expect(view).toMatchObject({
			status: 'complete',
			responses: 2000,
			unassigned: expected.none,
			chatId: run.chatId,
			attachmentId: run.attachmentId,
			fileName: 'survey.csv',
			column: 'comment',
			question: 'What could we do better?'
		});
		expect(view.progress.done).toBe(view.progress.total);
		expect(view.progress.total).toBe(40 + 1 + 100);
		expect(byTitle(view)).toEqual(expected.byTitle);
		for (const t of view.themes) {
			expect(t.quotes.length).toBeGreaterThan(0);
			expect(t.proposedTitle).toBe(t.title);
			expect(t.edited).toBe(false);
		}
		const calls = fixture.stub.requests.slice(requestsBefore).filter((r) => analysisTask(r));
		expect(calls.length).toBe(40 + 1 + 100);
		expect(calls.length).toBeLessThanOrEqual(callBudget(2000));
		expect(fixture.stub.maxInFlight).toBeLessThanOrEqual(4);
		expect(view.history.map((h) => [h.by, h.action])).toEqual([
			['AI', 'mapped responses'],
			['AI', 'proposed themes']
		]);
	});

	it('never sends a name, email address, phone or NHS number to the model', async () => {
		const sent = fixture.stub.requests
			.slice(requestsBefore)
			.map((r) => r.messages.map((m) => m.content).join('\n'))
			.join('\n');
		for (const value of [...PERSONAL.names, ...PERSONAL.emails, ...PERSONAL.nhsNumbers, ...PERSONAL.phones]) {
			expect(sent).not.toContain(value);
		}
		expect(sent).toContain('[Person 1]');
		expect(sent).toContain('[email]');
		const { page } = await responsesOf(run.id, '?limit=200');
		const stored = page!.responses.map((r) => r.text).join('\n');
		for (const value of [...PERSONAL.names, ...PERSONAL.emails, ...PERSONAL.nhsNumbers])
			expect(stored).not.toContain(value);
		// The same person keeps the same placeholder across responses.
		const hannah = page!.responses.filter((r) => r.text.startsWith('My name is'));
		expect(new Set(hannah.map((r) => r.text.slice(0, 24))).size).toBe(1);
	});

	it('lists responses by theme, unassigned ones, and pages through them', async () => {
		const view = await getView(run.id);
		const parking = view.themes.find((t) => t.title === 'Parking')!;
		const { page } = await responsesOf(run.id, `?theme=${parking.id}&offset=10&limit=25`);
		expect(page!.total).toBe(parking.count);
		expect(page!.responses).toHaveLength(25);
		expect(page!.responses.every((r) => r.themeIds.includes(parking.id) && /parking/i.test(r.text))).toBe(true);
		const none = await responsesOf(run.id, '?theme=unassigned&limit=200');
		expect(none.page!.total).toBe(view.unassigned);
		expect(none.page!.responses.every((r) => r.themeIds.length === 0)).toBe(true);
		const all = await responsesOf(run.id);
		expect(all.page).toMatchObject({ total: 2000 });
		expect(all.page!.responses.map((r) => r.number)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		expect((await responsesOf(run.id, '?limit=500')).res.status).toBe(400);
		expect((await responsesOf(run.id, `?theme=${run.chatId}`)).res.status).toBe(404);
	});

	it('is listed with its chat, newest first', async () => {
		const res = await callRoute(chatAnalysesRoute.GET, {
			user: alice,
			path: `/api/chats/${run.chatId}/analyses`,
			params: { id: run.chatId }
		});
		const { analyses } = await body<{ analyses: Json[] }>(res);
		expect(analyses).toEqual([
			{
				id: run.id,
				status: 'complete',
				fileName: 'survey.csv',
				column: 'comment',
				responses: 2000,
				createdAt: expect.any(String)
			}
		]);
	});

	it('exports CSV and Excel with one row per response, and a Word report with the themes', async () => {
		const view = await getView(run.id);
		const download = (format: string) =>
			callRoute(exportRoute.GET, {
				user: alice,
				path: `/api/analyses/${run.id}/export?format=${format}`,
				params: { id: run.id }
			});
		const csv = await download('csv');
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(csv.headers.get('content-disposition')).toBe('attachment; filename="themes-survey-comment.csv"');
		const rows = parse(await csv.text(), { bom: true }) as string[][];
		expect(rows[0]).toEqual(['Response number', 'Spreadsheet row', 'Response (personal data replaced)', 'Themes']);
		expect(rows).toHaveLength(2001);
		expect(rows[2]).toEqual(['2', '3', run.responses[1].text, TOPICS[run.responses[1].topics[0]].title]);

		const xlsx = await download('xlsx');
		expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await xlsx.arrayBuffer()) as never);
		expect(workbook.getWorksheet('Responses')!.actualRowCount).toBe(2001);
		const themesSheet = workbook.getWorksheet('Themes')!;
		expect(themesSheet.getRow(2).getCell(1).value).toBe(view.themes[0].title);
		expect(themesSheet.getRow(2).getCell(3).value).toBe(view.themes[0].count);

		const docx = await download('docx');
		expect(docx.headers.get('content-disposition')).toBe('attachment; filename="themes-survey-comment.docx"');
		const files = unzipSync(new Uint8Array(await docx.arrayBuffer()));
		const documentXml = strFromU8(files['word/document.xml']);
		for (const t of view.themes) expect(documentXml).toContain(t.title);
		expect(documentXml).toContain('What could we do better?');
		expect(documentXml).toContain('w:fill="005EB8"');

		expect((await download('pdf')).status).toBe(400);
		const audited = await listAuditEvents({ action: 'analysis.exported' });
		expect(audited.filter((e) => e.targetId === run.id)).toHaveLength(3);
	});
});

describe('reviewing themes', () => {
	let run: Awaited<ReturnType<typeof analyse>>;

	beforeAll(async () => {
		run = await analyse(200);
	}, 60_000);

	function edit(
		handler: Handler,
		method: string,
		path: string,
		params: Record<string, string>,
		input: unknown,
		user = alice
	) {
		return callRoute(handler, { user, method, path, params, body: input });
	}

	it('renames a theme, keeping what the model proposed, with history and an audit event without content', async () => {
		const before = await getView(run.id);
		const theme = before.themes.find((t) => t.title === 'Hospital food')!;
		const res = await edit(
			themeRoute.PATCH,
			'PATCH',
			`/api/analyses/${run.id}/themes/${theme.id}`,
			{ id: run.id, themeId: theme.id },
			{ title: 'Food and drink' }
		);
		expect(res.status).toBe(200);
		const view = await body<AnalysisView>(res);
		expect(view.themes.find((t) => t.id === theme.id)).toMatchObject({
			title: 'Food and drink',
			proposedTitle: 'Hospital food',
			edited: true,
			count: theme.count
		});
		expect(view.history[0]).toMatchObject({
			by: 'Alice',
			action: 'renamed theme',
			detail: 'Renamed "Hospital food" to "Food and drink"'
		});
		const [event] = await listAuditEvents({ action: 'analysis.theme_renamed' });
		expect(JSON.stringify(event.details)).not.toContain('Food');
		const bad = await edit(
			themeRoute.PATCH,
			'PATCH',
			`/api/analyses/${run.id}/themes/${theme.id}`,
			{ id: run.id, themeId: theme.id },
			{ title: '  ' }
		);
		expect(bad.status).toBe(400);
		expect((await body(bad)).message).toBe('Give the theme a title');
	});

	it('merges themes, counting a response in both only once', async () => {
		const before = await getView(run.id);
		const parking = before.themes.find((t) => t.title === 'Parking')!;
		const waiting = before.themes.find((t) => t.title === 'Food and drink')!;
		const both = run.responses.filter((r) => r.topics.includes(0) && r.topics.includes(3)).length;
		expect(both).toBeGreaterThan(0);
		const res = await edit(
			mergeRoute.POST,
			'POST',
			`/api/analyses/${run.id}/themes/merge`,
			{ id: run.id },
			{ themeIds: [parking.id, waiting.id], title: 'Getting there and waiting' }
		);
		expect(res.status).toBe(200);
		const view = await body<AnalysisView>(res);
		expect(view.themes).toHaveLength(before.themes.length - 1);
		const merged = view.themes.find((t) => t.title === 'Getting there and waiting')!;
		expect(merged).toMatchObject({ count: parking.count + waiting.count - both, proposedTitle: null, edited: true });
		expect(view.unassigned).toBe(before.unassigned);
		expect(view.history[0]).toMatchObject({ action: 'merged themes', by: 'Alice' });
		const one = await edit(
			mergeRoute.POST,
			'POST',
			`/api/analyses/${run.id}/themes/merge`,
			{ id: run.id },
			{ themeIds: [merged.id] }
		);
		expect(one.status).toBe(400);
		const unknown = await edit(
			mergeRoute.POST,
			'POST',
			`/api/analyses/${run.id}/themes/merge`,
			{ id: run.id },
			{ themeIds: [merged.id, run.chatId] }
		);
		expect(unknown.status).toBe(404);
	});

	it('splits chosen responses into a new theme, and the counts follow', async () => {
		const before = await getView(run.id);
		const staff = before.themes.find((t) => t.title === 'Kind staff')!;
		const { page } = await responsesOf(run.id, `?theme=${staff.id}&limit=5`);
		const moving = page!.responses.map((r) => r.id);
		const path = `/api/analyses/${run.id}/themes/${staff.id}/split`;
		const res = await edit(
			splitRoute.POST,
			'POST',
			path,
			{ id: run.id, themeId: staff.id },
			{ title: 'Kind nurses', responseIds: moving }
		);
		expect(res.status).toBe(200);
		const view = await body<AnalysisView>(res);
		const index = view.themes.findIndex((t) => t.id === staff.id);
		expect(view.themes[index].count).toBe(staff.count - 5);
		expect(view.themes[index + 1]).toMatchObject({ title: 'Kind nurses', count: 5, proposedTitle: null });
		expect(view.history[0]).toMatchObject({
			action: 'split theme',
			detail: 'Split 5 responses from "Kind staff" into "Kind nurses"'
		});
		const again = await edit(
			splitRoute.POST,
			'POST',
			path,
			{ id: run.id, themeId: staff.id },
			{ title: 'Again', responseIds: moving }
		);
		expect(again.status).toBe(422);
		expect((await body(again)).message).toMatch(/5 of the chosen responses are not in "Kind staff"/);
		const events = await listAuditEvents({ action: 'analysis.theme_split' });
		expect(events.filter((e) => e.targetId === run.id)).toHaveLength(1);
	});

	it('starts a "You said, we did" chat grounded on the result', async () => {
		const view = await getView(run.id);
		const res = await callRoute(summaryRoute.POST, {
			user: alice,
			method: 'POST',
			path: `/api/analyses/${run.id}/you-said-we-did`,
			params: { id: run.id }
		});
		expect(res.status).toBe(201);
		const { chatId, attachmentId } = await body<{ chatId: string; attachmentId: string }>(res);
		const chat = await body<{ assistant?: { name?: string } } & Json>(
			await callRoute(chatRoute.GET, { user: alice, path: `/api/chats/${chatId}`, params: { id: chatId } })
		);
		expect(JSON.stringify(chat)).toContain('You said, we did');
		const list = await body<{ attachments: Json[] }>(
			await callRoute(attachmentsRoute.GET, {
				user: alice,
				path: `/api/chats/${chatId}/attachments`,
				params: { id: chatId }
			})
		);
		expect(list.attachments).toMatchObject([{ id: attachmentId, kind: 'document' }]);
		const [row] = await queryRows<{ text: string }>(
			fixture.testDb.handle,
			sql`select text from attachments where id = ${attachmentId}::uuid`
		);
		expect(row.text).toContain('What could we do better?');
		for (const t of view.themes) expect(row.text).toContain(`| ${t.title} | ${t.count} |`);
		expect(row.text).toContain('Responses analysed: 200');

		// The assistant asks its questions first; writing instead carries on, grounded on the analysis.
		const send = (content: string) =>
			callRoute(messagesRoute.POST, {
				user: alice,
				method: 'POST',
				path: `/api/chats/${chatId}/messages`,
				params: { id: chatId },
				body: { content, attachmentIds: [attachmentId], useGuidance: false }
			});
		const asked = await readEvents(await send('Draft a you said, we did summary for patients'));
		expect(asked.map((e) => e.event)).toContain('questions');
		fixture.stub.next({ kind: 'answer', chunks: ['You said parking was hard [1].'] });
		const before = fixture.stub.requests.length;
		await readEvents(await send('We added 40 parking spaces in March. Write it for patients.'));
		const streamed = fixture.stub.requests.slice(before).find((r) => r.stream)!;
		const files = streamed.messages.map((m) => m.content).join('\n');
		expect(files).toContain(`${view.themes[0].title} | ${view.themes[0].count} |`);
		const answer = (await storedMessages(fixture.testDb.handle, chatId)).at(-1)!;
		expect(answer.sources![0]).toMatchObject({ n: 1, attachmentId });
		const other = await callRoute(summaryRoute.POST, {
			user: bob,
			method: 'POST',
			path: `/api/analyses/${run.id}/you-said-we-did`,
			params: { id: run.id }
		});
		expect(other.status).toBe(404);
	});
});

describe('refusals', () => {
	it('answers a malformed body with 400, and things that cannot be analysed with 422', async () => {
		const { chatId, attachmentId } = await chatWithResponses(5);
		expect((await start(chatId, 'not json')).status).toBe(400);
		expect((await body(await start(chatId, { attachmentId }))).message).toMatch(/column is required/);
		const unknownColumn = await start(chatId, { attachmentId, column: 'Comments' });
		expect(unknownColumn.status).toBe(422);
		expect((await body(unknownColumn)).message).toBe(
			'"survey.csv" has no column called "Comments". Choose one of: id, ward, comment.'
		);
		const note = await upload(alice, chatId, 'notes.txt', text('Some notes about the survey.'));
		const noteId = (await body<{ id: string }>(note)).id;
		const notTable = await start(chatId, { attachmentId: noteId, column: 'comment' });
		expect(notTable.status).toBe(422);
		expect((await body(notTable)).message).toMatch(/is not a spreadsheet/);
		const blank = await upload(alice, chatId, 'blank.csv', text('id,comment,score\n1,,4\n2, ,5\n'));
		const blankId = (await body<{ id: string }>(blank)).id;
		const empty = await start(chatId, { attachmentId: blankId, column: 'comment' });
		expect(empty.status).toBe(422);
		expect((await body(empty)).message).toMatch(/has no responses in it/);
		expect((await start(chatId, { attachmentId: chatId, column: 'comment' })).status).toBe(404);
	});

	it('says what to do when no model is set up: an administrator what to set, anyone else whom to ask', async () => {
		useChatSettings({ ...stubSettings(fixture.stub), models: [] });
		const admin = await chatWithResponses(5);
		const res = await start(admin.chatId, { attachmentId: admin.attachmentId, column: 'comment' });
		expect(res.status).toBe(503);
		expect((await body(res)).message).toMatch(/^No language model is connected yet.*set CHAT_MODELS/);
		const member = await chatWithResponses(5, bob);
		const refused = await start(member.chatId, { attachmentId: member.attachmentId, column: 'comment' }, bob);
		expect(refused.status).toBe(503);
		expect((await body(refused)).message).toMatch(/No language model is set up yet.*Ask an administrator/);
	});

	it('keeps at most ANALYSIS_CONCURRENCY (4) model calls in flight', async () => {
		const { chatId, attachmentId } = await chatWithResponses(200);
		useChatSettings(stubSettings(fixture.stub));
		fixture.stub.replyTo = async (r) => {
			await new Promise((resolve) => setTimeout(resolve, 40));
			return analysisModel(r);
		};
		fixture.stub.maxInFlight = 0;
		const { id } = await body<{ id: string }>(await start(chatId, { attachmentId, column: 'comment' }));
		expect(await runNextJob()).toBe(true);
		expect((await getView(id)).status).toBe('complete');
		expect(fixture.stub.maxInFlight).toBe(4);
	});

	it('refuses edits, exports and summaries with 409 until the analysis has finished', async () => {
		const { chatId, attachmentId } = await chatWithResponses(5);
		const { id } = await body<{ id: string }>(await start(chatId, { attachmentId, column: 'comment' }));
		expect(await getView(id)).toMatchObject({
			status: 'queued',
			progress: { done: 0, total: 3 },
			responses: 5,
			themes: []
		});
		const merge = await callRoute(mergeRoute.POST, {
			user: alice,
			method: 'POST',
			path: `/api/analyses/${id}/themes/merge`,
			params: { id },
			body: { themeIds: [chatId, attachmentId] }
		});
		expect(merge.status).toBe(409);
		expect((await body(merge)).message).toBe(
			'This analysis has not finished yet. You can change its themes once it has.'
		);
		const exported = await callRoute(exportRoute.GET, {
			user: alice,
			path: `/api/analyses/${id}/export?format=csv`,
			params: { id }
		});
		expect(exported.status).toBe(409);
		const summary = await callRoute(summaryRoute.POST, {
			user: alice,
			method: 'POST',
			path: `/api/analyses/${id}/you-said-we-did`,
			params: { id }
		});
		expect(summary.status).toBe(409);
		await callRoute(analysisRoute.DELETE, {
			user: alice,
			method: 'DELETE',
			path: `/api/analyses/${id}`,
			params: { id }
		});
		expect(await runNextJob()).toBe(true); // the job finds nothing to do
	});
});

describe('someone else', () => {
	it('gets 404 from every route, and cannot start one on another person’s chat or file', async () => {
		fixture.stub.replyTo = analysisModel;
		const { id, chatId, attachmentId } = await analyse(30);
		const theme = (await getView(id)).themes[0];
		const calls: [Handler, string, string, Record<string, string>, unknown?][] = [
			[analysisRoute.GET, 'GET', `/api/analyses/${id}`, { id }],
			[responsesRoute.GET, 'GET', `/api/analyses/${id}/responses`, { id }],
			[
				themeRoute.PATCH,
				'PATCH',
				`/api/analyses/${id}/themes/${theme.id}`,
				{ id, themeId: theme.id },
				{ title: 'Mine' }
			],
			[mergeRoute.POST, 'POST', `/api/analyses/${id}/themes/merge`, { id }, { themeIds: [theme.id, theme.id] }],
			[
				splitRoute.POST,
				'POST',
				`/api/analyses/${id}/themes/${theme.id}/split`,
				{ id, themeId: theme.id },
				{ title: 'x', responseIds: ['a'] }
			],
			[exportRoute.GET, 'GET', `/api/analyses/${id}/export?format=csv`, { id }],
			[summaryRoute.POST, 'POST', `/api/analyses/${id}/you-said-we-did`, { id }],
			[analysisRoute.DELETE, 'DELETE', `/api/analyses/${id}`, { id }],
			[chatAnalysesRoute.GET, 'GET', `/api/chats/${chatId}/analyses`, { id: chatId }],
			[
				chatAnalysesRoute.POST,
				'POST',
				`/api/chats/${chatId}/analyses`,
				{ id: chatId },
				{ attachmentId, column: 'comment' }
			]
		];
		for (const [handler, method, path, params, input] of calls) {
			const res = await callRoute(handler, { user: bob, method, path, params, body: input });
			expect(res.status, `${method} ${path}`).toBe(404);
		}
		// Bob's own chat with Alice's attachment id is 404 too.
		const bobChat = await createChat(bob);
		expect((await start(bobChat, { attachmentId, column: 'comment' }, bob)).status).toBe(404);
		expect((await getView(id)).status).toBe('complete');
	});
});

describe('failures and restarts', () => {
	it('retries a failed batch, then reports the analysis failed naming the batch', async () => {
		const { chatId, attachmentId } = await chatWithResponses(60);
		let flaky = 0;
		fixture.stub.replyTo = (r) => {
			const first = promptResponses(r)[0]?.number;
			if (analysisTask(r) === 'map' && first === 1 && flaky++ === 0) return 500; // fails once, then works
			if (analysisTask(r) === 'map' && first === 21) return 'not json at all';
			return analysisModel(r);
		};
		const before = fixture.stub.requests.length;
		const { id } = await body<{ id: string }>(await start(chatId, { attachmentId, column: 'comment' }));
		expect(await runNextJob()).toBe(true);
		const view = await getView(id);
		expect(view.status).toBe('failed');
		expect(view.error).toMatch(
			/^Assigning responses 21 to 40 to themes failed after 3 attempts \(the model answered in the wrong shape\)/
		);
		const mapCalls = fixture.stub.requests.slice(before).filter((r) => analysisTask(r) === 'map');
		expect(mapCalls.filter((r) => promptResponses(r)[0].number === 21)).toHaveLength(3);
		expect(mapCalls.filter((r) => promptResponses(r)[0].number === 1)).toHaveLength(2);
		const [row] = await queryRows<{ n: number }>(
			fixture.testDb.handle,
			sql`select model_calls as n from analyses where id = ${id}::uuid`
		);
		expect(row.n).toBe(fixture.stub.requests.length - before);
		expect(row.n).toBeLessThanOrEqual(callBudget(60));
		const exported = await callRoute(exportRoute.GET, {
			user: alice,
			path: `/api/analyses/${id}/export?format=csv`,
			params: { id }
		});
		expect(exported.status).toBe(409);
		expect((await body(exported)).message).toBe(
			'This analysis failed, so you cannot download it. Start a new analysis.'
		);
	});

	it('resumes after its server stopped, without asking again for batches already finished', async () => {
		const { chatId, attachmentId, responses } = await chatWithResponses(300);
		// The first server's model calls never come back once 6 mapping batches have been answered.
		let mapped = 0;
		const held: ((reply: number) => void)[] = [];
		fixture.stub.replyTo = (r) => {
			if (analysisTask(r) === 'map' && ++mapped > 6) return new Promise((resolve) => held.push(resolve));
			return analysisModel(r);
		};
		useChatSettings(stubSettings(fixture.stub, { timeoutMs: 120_000 }));
		const { id } = await body<{ id: string }>(await start(chatId, { attachmentId, column: 'comment' }));
		const job = await queryRows<{ job_id: string }>(
			fixture.testDb.handle,
			sql`select job_id from analyses where id = ${id}::uuid`
		);
		const dying = runNextJob();
		await waitFor(async () => held.length >= 4 && (await finishedMapBatches(id)).length === 6);
		const finished = await finishedMapBatches(id);
		expect(finished).toHaveLength(6);
		expect((await getView(id)).status).toBe('running');

		// Another instance takes over once the heartbeat is stale, with a model that answers.
		await ageJobHeartbeat(fixture.testDb.handle, job[0].job_id, 5 * 60);
		const before = fixture.stub.requests.length;
		fixture.stub.replyTo = analysisModel;
		expect(await runNextJob()).toBe(true);
		const view = await getView(id);
		expect(view.status).toBe('complete');
		expect(byTitle(view)).toEqual(expectedCounts(responses).byTitle);
		const resumed = fixture.stub.requests.slice(before);
		expect(resumed.every((r) => analysisTask(r) === 'map')).toBe(true);
		const asked = resumed.map((r) => (promptResponses(r)[0].number - 1) / 20);
		expect(asked.filter((i) => finished.includes(i))).toEqual([]);
		expect(asked.sort((a, b) => a - b)).toEqual(
			Array.from({ length: 15 }, (_, i) => i).filter((i) => !finished.includes(i))
		);

		// The stopped server's calls fail late: it finds the analysis taken over and changes nothing.
		for (const release of held) release(500);
		await dying;
		expect(await getView(id)).toEqual(view);
		expect(fixture.stub.requests.length).toBe(before + resumed.length);
	}, 60_000);
});

async function finishedMapBatches(id: string): Promise<number[]> {
	const rows = await queryRows<{ index: number }>(
		fixture.testDb.handle,
		sql`select index from analysis_batches where analysis_id = ${id}::uuid and phase = 'map' order by index`
	);
	return rows.map((r) => Number(r.index));
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > until) throw new Error('Timed out waiting');
		await new Promise((r) => setTimeout(r, 20));
	}
}

async function analysisRows(id: string) {
	const [row] = await queryRows<Record<string, number>>(
		fixture.testDb.handle,
		sql`select (select count(*)::int from analyses where id = ${id}::uuid) as analyses,
			(select count(*)::int from analysis_responses where analysis_id = ${id}::uuid) as responses,
			(select count(*)::int from analysis_themes where analysis_id = ${id}::uuid) as themes,
			(select count(*)::int from analysis_response_themes where analysis_id = ${id}::uuid) as links,
			(select count(*)::int from analysis_batches where analysis_id = ${id}::uuid) as batches,
			(select count(*)::int from analysis_history where analysis_id = ${id}::uuid) as history`
	);
	return row;
}

describe('deleting', () => {
	it('deletes an analysis on request, with its chat, with its attachment, and by retention', async () => {
		const gone = { analyses: 0, responses: 0, themes: 0, links: 0, batches: 0, history: 0 };
		const first = await analyse(25);
		expect((await analysisRows(first.id)).responses).toBe(25);
		const exported = await exportMyData(alice.id);
		const record = JSON.stringify(exported);
		expect(record).toContain(first.id);
		expect(record).not.toContain(first.responses[1].text);
		const del = await callRoute(analysisRoute.DELETE, {
			user: alice,
			method: 'DELETE',
			path: `/api/analyses/${first.id}`,
			params: { id: first.id }
		});
		expect(del.status).toBe(204);
		expect(await analysisRows(first.id)).toEqual(gone);
		expect((await listAuditEvents({ action: 'analysis.deleted' }))[0]).toMatchObject({ targetId: first.id });
		const started = (await listAuditEvents({ action: 'analysis.started' })).find((e) => e.targetId === first.id);
		expect(started?.details).toEqual({ chatId: first.chatId, attachmentId: first.attachmentId, responses: 25 });

		const withChat = await analyse(25);
		await callRoute(chatRoute.DELETE, {
			user: alice,
			method: 'DELETE',
			path: `/api/chats/${withChat.chatId}`,
			params: { id: withChat.chatId }
		});
		expect(await analysisRows(withChat.id)).toEqual(gone);

		const withFile = await analyse(25);
		await callRoute(attachmentRoute.DELETE, {
			user: alice,
			method: 'DELETE',
			path: `/api/chats/${withFile.chatId}/attachments/${withFile.attachmentId}`,
			params: { id: withFile.chatId, attachmentId: withFile.attachmentId }
		});
		expect(await analysisRows(withFile.id)).toEqual(gone);

		const old = await analyse(25);
		await queryRows(
			fixture.testDb.handle,
			sql`update chats set updated_at = now() - interval '4000 days' where id = ${old.chatId}::uuid`
		);
		await runRetention();
		expect(await analysisRows(old.id)).toEqual(gone);
	}, 60_000);
});
