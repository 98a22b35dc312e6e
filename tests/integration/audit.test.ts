import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { audit } from '$lib/server/governance/audit';
import { insertAuditEvent, listAuditEvents } from '$lib/server/db/queries/audit';
import { databaseError, queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

const actor = '00000000-0000-4000-8000-000000000001';
const otherActor = '00000000-0000-4000-8000-000000000002';
let testDb: TestDatabase;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	await insertAuditEvent({
		actorId: actor,
		action: 'auth.sign_in',
		targetType: 'user',
		targetId: actor,
		requestId: 'req-1',
		details: { method: 'password', attempts: 1 }
	});
	await insertAuditEvent({ actorId: otherActor, action: 'auth.sign_in' });
	await insertAuditEvent({ actorId: actor, action: 'auth.sign_out' });
	await insertAuditEvent({ actorId: null, action: 'auth.sign_in_failed' });
});

afterAll(async () => {
	await testDb?.teardown();
});

async function countEvents(): Promise<number> {
	const [row] = await queryRows<{ n: number }>(testDb.handle, sql`select count(*)::int as n from audit_events`);
	return row.n;
}

describe('audit log', () => {
	it('reads back what was written, newest first', async () => {
		const events = await listAuditEvents();

		expect(events.map((e) => e.action)).toEqual([
			'auth.sign_in_failed',
			'auth.sign_out',
			'auth.sign_in',
			'auth.sign_in'
		]);
		const first = events[3];
		expect(first).toMatchObject({
			actorId: actor,
			action: 'auth.sign_in',
			targetType: 'user',
			targetId: actor,
			requestId: 'req-1',
			details: { method: 'password', attempts: 1 }
		});
		expect(first.occurredAt).toBeInstanceOf(Date);
		expect(Math.abs(first.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
		expect(events[0]).toMatchObject({ actorId: null, targetType: null, targetId: null, requestId: null, details: {} });
	});

	it('filters by actor and by action, and limits the count', async () => {
		expect((await listAuditEvents({ actorId: actor })).map((e) => e.action)).toEqual(['auth.sign_out', 'auth.sign_in']);
		expect((await listAuditEvents({ action: 'auth.sign_in' })).map((e) => e.actorId)).toEqual([otherActor, actor]);
		expect(await listAuditEvents({ actorId: actor, action: 'auth.sign_in' })).toHaveLength(1);
		expect((await listAuditEvents({ limit: 1 })).map((e) => e.action)).toEqual(['auth.sign_in_failed']);
	});

	it('records the signed-in user and request id from the request', async () => {
		await audit({ locals: { user: { id: otherActor }, requestId: 'req-42' } }, 'user.role_changed', {
			targetType: 'user',
			targetId: actor,
			details: { to: 'admin' }
		});

		const [event] = await listAuditEvents({ action: 'user.role_changed' });
		expect(event).toMatchObject({
			actorId: otherActor,
			requestId: 'req-42',
			targetId: actor,
			details: { to: 'admin' }
		});
	});

	it('refuses UPDATE at the database, whatever code runs it', async () => {
		expect(await databaseError(queryRows(testDb.handle, sql`update audit_events set action = 'rewritten'`))).toMatch(
			/append-only/
		);
		expect(await listAuditEvents({ action: 'rewritten' })).toHaveLength(0);
	});

	it('refuses DELETE at the database', async () => {
		const before = await countEvents();
		expect(await databaseError(queryRows(testDb.handle, sql`delete from audit_events`))).toMatch(/append-only/);
		expect(await countEvents()).toBe(before);
	});

	it('refuses TRUNCATE at the database', async () => {
		const before = await countEvents();
		expect(await databaseError(queryRows(testDb.handle, sql`truncate audit_events`))).toMatch(/append-only/);
		expect(await countEvents()).toBe(before);
	});
});
