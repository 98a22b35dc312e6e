/**
 * Transparency: admins set the AI-use statement and the energy factor (empty or nonsense refused, changes
 * audited without the text), and a chat export adds the statement only when asked (`?disclosure=1`).
 */
import { randomUUID } from 'node:crypto';
import { isHttpError } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { chats, messages } from '$lib/server/db/schema';
import { createUser } from '$lib/server/db/queries/users';
import { getSetting, SETTING_DEFAULTS } from '$lib/server/governance/settings';
import * as settingsPage from '../../src/routes/(admin)/admin/settings/+page.server';
import * as exportRoute from '../../src/routes/api/chats/[id]/export/+server';
import { callRoute } from '../helpers/chat';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;
let chatId: string;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	const a = await createUser({ email: 'admin@nhs.net', name: 'Ada', passwordHash: 'x', role: 'admin' });
	const m = await createUser({ email: 'mo@nhs.net', name: 'Mo', passwordHash: 'x' });
	admin = { id: a.id, email: a.email, name: a.name, role: 'admin' };
	member = { id: m.id, email: m.email, name: m.name, role: 'member' };
	const [chat] = await testDb.handle.db
		.insert(chats)
		.values({ userId: member.id, title: 'Winter letter' })
		.returning({ id: chats.id });
	chatId = chat.id;
	await testDb.handle.db.insert(messages).values([
		{ chatId, role: 'user', content: 'Draft a winter letter' },
		{ chatId, role: 'assistant', content: 'Dear neighbour', model: 'stub' }
	]);
});

afterAll(async () => {
	await testDb?.teardown();
});

type ActionName = keyof typeof settingsPage.actions;
async function act(name: ActionName, user: SessionUser, fields: Record<string, string>) {
	const url = new URL(`http://localhost/admin/settings?/${name}`);
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	const event = {
		url,
		request: new Request(url, { method: 'POST', body }),
		locals: { user, session: null, requestId: randomUUID() },
		params: {}
	};
	try {
		return (await settingsPage.actions[name]!(event as never)) as unknown;
	} catch (e) {
		if (isHttpError(e)) return { httpStatus: e.status };
		throw e;
	}
}

async function auditRows(target: string) {
	return queryRows<{ details: Record<string, unknown> }>(
		testDb.handle,
		sql`select details from audit_events where action = 'settings.changed' and target_id = ${target}`
	);
}

describe('AI-use statement setting', () => {
	it('refuses an empty statement and keeps the old one', async () => {
		const result = (await act('saveTransparency', admin, { disclosure: '   ' })) as {
			status: number;
			data: { errors: { disclosure: string } };
		};
		expect(result.status).toBe(400);
		expect(result.data.errors.disclosure).toBe('Enter the AI-use statement');
		expect(await getSetting('transparency.disclosure')).toBe(SETTING_DEFAULTS['transparency.disclosure']);
	});

	it('refuses a statement over 1,000 characters', async () => {
		const result = (await act('saveTransparency', admin, { disclosure: 'x'.repeat(1001) })) as { status: number };
		expect(result.status).toBe(400);
	});

	it('saves a statement and audits the change by length only', async () => {
		const text = 'Written with help from AI and checked by the Trust communications team.';
		const result = await act('saveTransparency', admin, { disclosure: `  ${text}  ` });
		expect(result).toMatchObject({ section: 'transparency', message: 'AI-use statement saved.' });
		expect(await getSetting('transparency.disclosure')).toBe(text);
		const rows = await auditRows('transparency.disclosure');
		expect(rows).toHaveLength(1);
		expect(rows[0].details).toEqual({
			before: { characters: SETTING_DEFAULTS['transparency.disclosure'].length },
			after: { characters: text.length }
		});
		expect(JSON.stringify(rows[0].details)).not.toContain('Trust');
	});

	it('is for admins only', async () => {
		expect(await act('saveTransparency', member, { disclosure: 'Sneaky' })).toEqual({ httpStatus: 403 });
		expect(await getSetting('transparency.disclosure')).not.toBe('Sneaky');
	});
});

describe('energy factor setting', () => {
	it.each(['', 'abc', '-1', '1001', '1e3', '0.3.1'])('refuses %j', async (value) => {
		const result = (await act('saveMetrics', admin, { energyWhPer1kTokens: value })) as { status: number };
		expect(result.status).toBe(400);
		expect(await getSetting('metrics.energyWhPer1kTokens')).toBe(SETTING_DEFAULTS['metrics.energyWhPer1kTokens']);
	});

	it('saves a decimal factor and audits before and after', async () => {
		expect(await act('saveMetrics', admin, { energyWhPer1kTokens: '0.45' })).toMatchObject({ section: 'metrics' });
		expect(await getSetting('metrics.energyWhPer1kTokens')).toBe(0.45);
		const rows = await auditRows('metrics.energyWhPer1kTokens');
		expect(rows[0].details).toEqual({
			before: { 'metrics.energyWhPer1kTokens': 0.3 },
			after: { 'metrics.energyWhPer1kTokens': 0.45 }
		});
		expect(await act('saveMetrics', member, { energyWhPer1kTokens: '9' })).toEqual({ httpStatus: 403 });
	});
});

describe('exports with the AI-use statement', () => {
	const download = (user: SessionUser, query: string) =>
		callRoute(exportRoute.GET as never, { user, path: `/api/chats/${chatId}/export?${query}`, params: { id: chatId } });

	it('adds the statement to Markdown only with disclosure=1', async () => {
		const statement = await getSetting('transparency.disclosure');
		const withIt = await (await download(member, 'format=md&disclosure=1')).text();
		expect(withIt).toContain(`## AI-use statement\n\n${statement}`);
		const without = await (await download(member, 'format=md')).text();
		expect(without).not.toContain(statement);
		expect(await (await download(member, 'format=md&disclosure=0')).text()).not.toContain(statement);
	});

	it('adds the statement to Word with disclosure=1', async () => {
		const res = await download(member, 'format=docx&disclosure=1');
		expect(res.status).toBe(200);
		const { strFromU8, unzipSync } = await import('fflate');
		const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']);
		expect(xml).toContain(await getSetting('transparency.disclosure'));
	});

	it('refuses another value with a clear 400, and other people’s chats are 404', async () => {
		const bad = await download(member, 'format=md&disclosure=yes');
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { message: string }).message).toBe(
			'disclosure must be 1 (add the AI-use statement) or 0'
		);
		expect((await download(admin, 'format=md&disclosure=1')).status).toBe(404);
	});
});
