import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '$lib/schemas/user';
import { insertAuditEvent } from '$lib/server/db/queries/audit';
import { createUser } from '$lib/server/db/queries/users';
import { AUDIT_ACTIONS } from '$lib/server/governance/audit';
import { parseAuditFilter } from '$lib/server/governance/audit-filter';
import * as auditPage from '../../src/routes/(admin)/admin/audit/+page.server';
import { callLoad } from '../helpers/forms';
import { databaseError, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;

type Row = {
	id: number;
	action: string;
	actor: { email: string | null } | null;
	details: Record<string, unknown>;
	occurredAt: string;
};
type Loaded = {
	events: (Row & { actionLabel: string; target: { label: string } | null; related: string[] })[];
	total: number;
	errors: Record<string, string>;
	actionGroups: { label: string; actions: { value: string; text: string }[] }[];
	page: number;
};

async function load(query: string, user: SessionUser = admin): Promise<Loaded> {
	const result = await callLoad(auditPage.load, user, `/admin/audit${query}`);
	if (result.kind !== 'data') throw new Error(`load gave ${JSON.stringify(result)}`);
	return result.data as unknown as Loaded;
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	const a = await createUser({ email: 'ada.admin@nhs.net', name: 'Ada', passwordHash: 'x', role: 'admin' });
	const m = await createUser({ email: 'bob.member@trust.nhs.uk', name: 'Bob', passwordHash: 'x' });
	admin = { id: a.id, email: a.email, name: a.name, role: a.role };
	member = { id: m.id, email: m.email, name: m.name, role: m.role };
	// 60 sign-ins by Bob over March 2026, a role change by Ada on 10 March, a system retention run on 20 March.
	const db = testDb.handle.db;
	for (let day = 1; day <= 30; day++) {
		for (const hour of [9, 23]) {
			const at = new Date(Date.UTC(2026, 2, day, hour, 30)).toISOString();
			await db.execute(
				sql`insert into audit_events (occurred_at, actor_id, action) values (${at}::timestamptz, ${member.id}::uuid, 'auth.sign_in')`
			);
		}
	}
	await db.execute(sql`insert into audit_events (occurred_at, actor_id, action, target_type, target_id, details)
		values ('2026-03-10T12:00:00Z', ${admin.id}::uuid, 'user.role_changed', 'user', ${member.id},
			'{"before":{"role":"member"},"after":{"role":"admin"}}'::jsonb)`);
	await db.execute(sql`insert into audit_events (occurred_at, actor_id, action, details)
		values ('2026-03-20T03:00:00Z', null, 'retention.run', '{"days":365,"chatsDeleted":2}'::jsonb)`);
	// An event by an account that no longer exists.
	await insertAuditEvent({ actorId: '00000000-0000-4000-8000-00000000dead', action: 'auth.sign_out' });
});

afterAll(async () => {
	await testDb?.teardown();
});

describe('the audit log screen', () => {
	it('lists events newest first, 50 a page, with the actor and before/after details', async () => {
		const first = await load('');
		expect(first.total).toBe(63);
		expect(first.events).toHaveLength(50);
		expect(first.events[0]).toMatchObject({
			action: 'auth.sign_out',
			actionLabel: 'Signed out',
			actor: { kind: 'deleted', label: 'Deleted person #00000000', email: null }
		});
		const ids = first.events.map((e) => e.id);
		expect([...ids].sort((a, b) => b - a)).toEqual(ids);
		const second = await load('?page=2');
		expect(second.events).toHaveLength(13);
		expect(new Set([...ids, ...second.events.map((e) => e.id)]).size).toBe(63);
		const role = [...first.events, ...second.events].find((e) => e.action === 'user.role_changed');
		expect(role).toMatchObject({
			actor: { label: 'Ada', email: 'ada.admin@nhs.net' },
			actionLabel: 'Changed a role',
			target: { label: 'Bob (bob.member@trust.nhs.uk)' },
			details: { before: { role: 'member' }, after: { role: 'admin' } }
		});
		expect((await load('?page=abc')).page).toBe(1);
	});

	it('filters by part of the actor’s email, by action and by date range (inclusive)', async () => {
		expect((await load('?actor=BOB.member')).total).toBe(60);
		expect((await load('?actor=%40nhs.net')).total).toBe(1);
		expect((await load('?actor=nobody')).total).toBe(0);
		// LIKE wildcards are taken literally.
		expect((await load('?actor=%25')).total).toBe(0);
		expect((await load('?action=user.role_changed')).events.map((e) => e.action)).toEqual(['user.role_changed']);
		const march10 = await load('?from-day=10&from-month=3&from-year=2026&to-day=10&to-month=3&to-year=2026');
		expect(march10.total).toBe(3);
		expect(march10.events.every((e) => e.occurredAt.startsWith('2026-03-10'))).toBe(true);
		const combined = await load('?actor=bob&action=auth.sign_in&from-day=29&from-month=3&from-year=2026');
		expect(combined.total).toBe(4);
		const upTo = await load('?to-day=1&to-month=3&to-year=2026');
		expect(upTo.total).toBe(2);
	});

	it('explains bad filters instead of guessing', async () => {
		const bad = await load('?action=made.up&from-day=31&from-month=2&from-year=2026&to-day=1&to-month=&to-year=2026');
		expect(bad.errors).toEqual({
			action: 'Choose an action from the list',
			from: 'The start date must be a real date, for example 27 3 2026',
			to: 'The end date must include a month'
		});
		expect(bad.total).toBe(63);
		const reversed = parseAuditFilter(
			new URLSearchParams('from-day=5&from-month=3&from-year=2026&to-day=4&to-month=3&to-year=2026')
		);
		expect(reversed.errors).toEqual({ to: 'The end date must be the same as or after the start date' });
		expect(reversed.search.before).toBeUndefined();
		expect(parseAuditFilter(new URLSearchParams('from-day=1&from-month=3&from-year=26')).errors.from).toMatch(
			/real date/
		);
	});

	it('offers every audit action in the filter, including every action the code writes', async () => {
		const page = await load('');
		const offered = page.actionGroups.flatMap((g) => g.actions.map((a) => a.value));
		expect(offered.sort()).toEqual([...AUDIT_ACTIONS].sort());
		expect(page.actionGroups.map((g) => g.label)).toContain('People');
		expect(page.actionGroups.flatMap((g) => g.actions)).toContainEqual({ value: 'auth.sign_in', text: 'Signed in' });
		const used = new Set<string>();
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const full = path.join(dir, name);
				if (statSync(full).isDirectory()) walk(full);
				else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.spec.ts')) {
					for (const m of readFileSync(full, 'utf8').matchAll(/\baudit\([^,]+,\s*'([a-z_.]+)'/g)) used.add(m[1]);
				}
			}
		};
		walk(path.resolve(import.meta.dirname, '../../src'));
		expect(used.size).toBeGreaterThan(5);
		expect([...used].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
	});

	it('is for admins only and read-only: the database refuses changes', async () => {
		const refused = await callLoad(auditPage.load, member, '/admin/audit');
		expect(refused).toMatchObject({ kind: 'error', status: 403 });
		expect(await callLoad(auditPage.load, null, '/admin/audit')).toMatchObject({ kind: 'redirect' });
		expect('actions' in auditPage).toBe(false);
		expect(await databaseError(testDb.handle.db.execute(sql`update audit_events set action = 'x'`))).toMatch(
			/append-only|not allowed|cannot/i
		);
		expect(await databaseError(testDb.handle.db.execute(sql`delete from audit_events`))).toMatch(
			/append-only|not allowed|cannot/i
		);
	});
});
