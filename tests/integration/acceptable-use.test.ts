import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { createUser } from '$lib/server/db/queries/users';
import {
	DEFAULT_ACCEPTABLE_USE,
	currentAcceptableUseVersion,
	invalidateAcceptableUseCache,
	seedAcceptableUseIfNone
} from '$lib/server/governance/acceptable-use';
import { guard } from '$lib/server/hooks/guard';
import * as settingsPage from '../../src/routes/(admin)/admin/settings/+page.server';
import * as acceptPage from '../../src/routes/acceptable-use/+page.server';
import * as acceptApi from '../../src/routes/api/acceptable-use/+server';
import { callRoute } from '../helpers/chat';
import { callAction, callLoad, outcome, pageEvent } from '../helpers/forms';
import { databaseError, queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;

async function makeUser(email: string, name: string, role: 'member' | 'admin' = 'member'): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash', role });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	invalidateAcceptableUseCache();
	admin = await makeUser('ada@nhs.net', 'Ada', 'admin');
	member = await makeUser('bob@nhs.net', 'Bob');
});

afterAll(async () => {
	invalidateAcceptableUseCache();
	await testDb?.teardown();
});

/** Runs the request guard for a request and says what happened: passed on, redirected or answered. */
async function throughGuard(user: SessionUser | null, path: string, routeId: string | null, method = 'GET') {
	let reached = false;
	const result = await outcome(async () => {
		const response = await guard({
			event: pageEvent(user, path, { method, routeId }) as never,
			resolve: async () => {
				reached = true;
				return new Response('ok');
			}
		});
		return { status: response.status, body: reached ? null : await response.json() };
	});
	return { reached, result };
}

function acceptViaApi(user: SessionUser, body: unknown) {
	return callRoute(acceptApi.POST, { user, method: 'POST', path: '/api/acceptable-use', body });
}

async function versions(): Promise<number> {
	const [row] = await queryRows<{ n: number }>(
		testDb.handle,
		sql`select count(*)::int as n from acceptable_use_versions`
	);
	return row.n;
}

describe('the first statement', () => {
	it('is written once at start-up when there is none, and nobody is gated before it exists', async () => {
		expect(await currentAcceptableUseVersion()).toBeNull();
		expect((await throughGuard(member, '/api/chats', '/api/chats')).reached).toBe(true);

		expect(await seedAcceptableUseIfNone()).toBe(true);
		expect(await seedAcceptableUseIfNone()).toBe(false);
		expect(await versions()).toBe(1);
		const load = await callLoad(acceptPage.load, member, '/acceptable-use');
		expect(load).toMatchObject({
			kind: 'data',
			data: { statement: { version: 1, text: DEFAULT_ACCEPTABLE_USE }, accepted: false }
		});
		for (const topic of [
			'patient-identifiable',
			'reviews every draft',
			'AI use',
			'information governance',
			'recorded'
		]) {
			expect(DEFAULT_ACCEPTABLE_USE).toContain(topic);
		}
	});
});

describe('before accepting', () => {
	beforeEach(() => invalidateAcceptableUseCache());

	it('sends workspace and admin pages to the statement, keeping where the person was going', async () => {
		const workspace = await throughGuard(member, '/chats/abc?x=1', '/(app)/chats/[id]');
		expect(workspace.reached).toBe(false);
		expect(workspace.result).toEqual({
			kind: 'redirect',
			status: 303,
			location: '/acceptable-use?redirectTo=%2Fchats%2Fabc%3Fx%3D1'
		});
		const home = await throughGuard(admin, '/', '/(app)');
		expect(home.result).toEqual({ kind: 'redirect', status: 303, location: '/acceptable-use' });
		const adminPage = await throughGuard(admin, '/admin/settings', '/(admin)/admin/settings');
		expect(adminPage.result).toMatchObject({
			kind: 'redirect',
			location: '/acceptable-use?redirectTo=%2Fadmin%2Fsettings'
		});
		// Form actions too.
		const action = await throughGuard(member, '/chats/abc?/rename', '/(app)/chats/[id]', 'POST');
		expect(action.result).toMatchObject({ kind: 'redirect', status: 303 });
	});

	it('answers API requests with 403 and a reference to quote', async () => {
		for (const path of ['/api/chats', '/api/chats/123/messages', '/api/me/export', '/api/check/personal-data']) {
			const { reached, result } = await throughGuard(member, path, null, path.endsWith('messages') ? 'POST' : 'GET');
			expect(reached, path).toBe(false);
			expect(result, path).toMatchObject({
				kind: 'data',
				data: {
					status: 403,
					body: { message: 'Accept the acceptable-use statement first', errorId: expect.any(String) }
				}
			});
		}
	});

	it('lets the person read and accept the statement, use public pages, and leaves signed-out people alone', async () => {
		expect((await throughGuard(member, '/api/acceptable-use', '/api/acceptable-use')).reached).toBe(true);
		// An exemption goes by the route, not by how the path is spelled.
		expect((await throughGuard(member, '/api/acceptable-use', '/api/chats')).reached).toBe(false);
		expect((await throughGuard(member, '/%61pi/chats', '/api/chats')).reached).toBe(false);
		expect((await throughGuard(member, '/api/acceptable-use', '/api/acceptable-use', 'POST')).reached).toBe(true);
		expect((await throughGuard(member, '/acceptable-use', '/acceptable-use')).reached).toBe(true);
		expect((await throughGuard(member, '/help', '/(info)/help')).reached).toBe(true);
		expect((await throughGuard(member, '/sign-out', '/sign-out', 'POST')).reached).toBe(true);
		// People may download their own data whether or not they accept the statement.
		expect((await throughGuard(member, '/api/me/export', '/api/me/export')).reached).toBe(true);
		expect((await throughGuard(member, '/api/me/export', '/api/chats')).reached).toBe(false);
		expect((await throughGuard(null, '/api/chats', '/api/chats')).reached).toBe(true);
		const signedOut = await throughGuard(null, '/chats/abc', '/(app)/chats/[id]');
		expect(signedOut.result).toMatchObject({ kind: 'redirect', location: '/sign-in?redirectTo=%2Fchats%2Fabc' });
	});
});

describe('accepting', () => {
	it('refuses a missing or wrong version with a message, and records nothing', async () => {
		const bad = await acceptViaApi(member, { version: 'latest' });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ message: expect.stringContaining('version') });
		const empty = await acceptViaApi(member, {});
		expect(empty.status).toBe(400);
		const stale = await acceptViaApi(member, { version: 7 });
		expect(stale.status).toBe(409);
		expect(await stale.json()).toMatchObject({ current: 1, message: expect.stringContaining('version 1') });
		const rows = await queryRows(testDb.handle, sql`select * from acceptable_use_acceptances`);
		expect(rows).toEqual([]);
	});

	it('records the time and version, audits it, and opens the workspace and the API', async () => {
		const before = Date.now();
		const res = await acceptViaApi(member, { version: 1 });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ version: 1, accepted: true });
		const [row] = await queryRows<{ version: number; accepted_at: string }>(
			testDb.handle,
			sql`select version, accepted_at from acceptable_use_acceptances where user_id = ${member.id}::uuid`
		);
		expect(row.version).toBe(1);
		expect(Math.abs(new Date(row.accepted_at).getTime() - before)).toBeLessThan(60_000);
		const audited = await listAuditEvents({ action: 'acceptable_use.accepted' });
		expect(audited).toHaveLength(1);
		expect(audited[0]).toMatchObject({ actorId: member.id, targetId: '1', details: { version: 1 } });

		expect((await throughGuard(member, '/api/chats', '/api/chats')).reached).toBe(true);
		expect((await throughGuard(member, '/', '/(app)')).reached).toBe(true);
		// The answer comes from memory now; a fresh process reads the same from the database.
		invalidateAcceptableUseCache();
		expect((await throughGuard(member, '/', '/(app)')).reached).toBe(true);
		// Still gated: the admin has not accepted.
		expect((await throughGuard(admin, '/api/chats', '/api/chats')).reached).toBe(false);
	});

	it('accepts through the page form and goes back where the person was going (same site only)', async () => {
		const done = await callAction(acceptPage.actions.default, admin, '/acceptable-use?redirectTo=%2Fadmin%2Fsettings', {
			version: '1'
		});
		expect(done).toEqual({ kind: 'redirect', status: 303, location: '/admin/settings' });
		const again = await callAction(
			acceptPage.actions.default,
			admin,
			'/acceptable-use?redirectTo=https://evil.example',
			{
				version: '1'
			}
		);
		expect(again).toEqual({ kind: 'redirect', status: 303, location: '/' });
		expect((await throughGuard(admin, '/admin/settings', '/(admin)/admin/settings')).reached).toBe(true);
	});
});

describe('publishing a new text', () => {
	it('rejects an empty statement with a clear message and keeps the current version', async () => {
		for (const statement of ['', '   \n\t ']) {
			const result = await callAction(settingsPage.actions.publishAcceptableUse, admin, '/admin/settings', {
				statement
			});
			expect(result).toMatchObject({
				kind: 'fail',
				status: 400,
				data: { section: 'acceptableUse', errors: { statement: expect.stringContaining('cannot be empty') } }
			});
		}
		const unchanged = await callAction(settingsPage.actions.publishAcceptableUse, admin, '/admin/settings', {
			statement: DEFAULT_ACCEPTABLE_USE
		});
		expect(unchanged).toMatchObject({
			kind: 'fail',
			data: { errors: { statement: expect.stringContaining('not changed') } }
		});
		expect(await versions()).toBe(1);
	});

	it('is for admins only', async () => {
		const result = await callAction(settingsPage.actions.publishAcceptableUse, member, '/admin/settings', {
			statement: 'Members cannot publish'
		});
		expect(result).toMatchObject({ kind: 'error', status: 403 });
		expect(await versions()).toBe(1);
	});

	it('makes a new version that everyone must accept again, and shows the history with acceptance counts', async () => {
		const text = 'Version two.\n\nDo not enter patient data. A person reviews every draft.';
		const result = await callAction(settingsPage.actions.publishAcceptableUse, admin, '/admin/settings', {
			statement: `  ${text}  `
		});
		expect(result).toMatchObject({ kind: 'data', data: { message: expect.stringContaining('Version 2 published') } });
		// No cache invalidation by hand: publishing updates this process's copy itself.
		const gated = await throughGuard(member, '/api/chats', '/api/chats');
		expect(gated.reached).toBe(false);
		// The admin who published it has accepted it by writing it.
		expect((await throughGuard(admin, '/', '/(app)')).reached).toBe(true);
		const load = await callLoad(acceptPage.load, member, '/acceptable-use');
		expect(load).toMatchObject({ data: { statement: { version: 2, text }, accepted: false } });

		const audited = await listAuditEvents({ action: 'acceptable_use.published' });
		expect(audited[0]).toMatchObject({
			actorId: admin.id,
			targetId: '2',
			details: { before: { version: 1 }, after: { version: 2, characters: text.length } }
		});
		expect(JSON.stringify(audited[0].details)).not.toContain('patient');

		expect((await acceptViaApi(member, { version: 1 })).status).toBe(409);
		expect((await acceptViaApi(member, { version: 2 })).status).toBe(200);
		expect((await throughGuard(member, '/api/chats', '/api/chats')).reached).toBe(true);

		const settings = await callLoad(settingsPage.load, admin, '/admin/settings');
		expect(settings).toMatchObject({
			kind: 'data',
			data: {
				acceptableUse: {
					current: { version: 2, text },
					versions: [
						{ version: 2, acceptances: 2 },
						{ version: 1, acceptances: 2 }
					]
				}
			}
		});
	});

	it('is noticed by other servers sharing the database within the cache lifetime', async () => {
		// Another server publishes version 3 straight into the database; this one still trusts its copy…
		await testDb.handle.db.execute(sql`insert into acceptable_use_versions (text) values ('Version three')`);
		expect((await throughGuard(member, '/api/chats', '/api/chats')).reached).toBe(true);
		// …until its copy expires.
		expect(await currentAcceptableUseVersion(Date.now() + 31_000)).toBe(3);
		expect((await throughGuard(member, '/api/chats', '/api/chats')).reached).toBe(false);
	});
});

describe('the database itself', () => {
	it('refuses an empty statement, even from a tool that bypasses the app', async () => {
		const message = await databaseError(
			testDb.handle.db.execute(sql`insert into acceptable_use_versions (text) values ('   ')`)
		);
		expect(message).toMatch(/acceptable_use_text_check/);
	});
});
