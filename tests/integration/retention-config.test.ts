/**
 * RETENTION_DAYS sets the retention period until an admin saves one: the job, the setting and the
 * admin settings page all use it, and a stored admin value wins over it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '$lib/schemas/user';
import { getConfig } from '$lib/server/config';
import { insertChat } from '$lib/server/db/queries/chats';
import { createUser } from '$lib/server/db/queries/users';
import { runRetention } from '$lib/server/governance/retention';
import { getAllSettings, getSetting } from '$lib/server/governance/settings';
import * as settingsPage from '../../src/routes/(admin)/admin/settings/+page.server';
import { callAction, callLoad } from '../helpers/forms';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

// getConfig() reads the environment once per test file (each has its own module graph), so the
// variable is set before the first call.
let testDb: TestDatabase;
let admin: SessionUser;

beforeAll(async () => {
	vi.stubEnv('RETENTION_DAYS', '30');
	expect(getConfig().retention.days).toBe(30);
	testDb = await setupTestDatabase();
	const u = await createUser({ email: 'admin@nhs.net', name: 'Ada Admin', passwordHash: 'not-a-hash' });
	admin = { id: u.id, email: u.email, name: u.name, role: u.role };
	expect(admin.role).toBe('admin');
});

afterAll(async () => {
	vi.unstubAllEnvs();
	await testDb?.teardown();
});

async function chatLastActive(daysAgo: number): Promise<string> {
	const chat = await insertChat({ userId: admin.id, title: `${daysAgo} days` });
	await queryRows(
		testDb.handle,
		sql`update chats set updated_at = now() - make_interval(days => ${daysAgo}) where id = ${chat.id}::uuid`
	);
	return chat.id;
}

async function remaining(): Promise<string[]> {
	const rows = await queryRows<{ title: string }>(testDb.handle, sql`select title from chats order by title`);
	return rows.map((r) => r.title);
}

describe('the retention period from RETENTION_DAYS', () => {
	it('is the default for the retention.days setting, the admin page and the job', async () => {
		expect(await getSetting('retention.days')).toBe(30);
		expect((await getAllSettings())['retention.days']).toBe(30);
		const page = await callLoad(settingsPage.load, admin, '/admin/settings');
		expect(page).toMatchObject({ kind: 'data', data: { retention: { days: 30 } } });

		await chatLastActive(40);
		await chatLastActive(20);
		const result = await runRetention({ trigger: 'command' });
		expect(result).toMatchObject({ days: 30, chats: 1 });
		expect(await remaining()).toEqual(['20 days']);
	});

	it('gives way to a period an admin has saved', async () => {
		const saved = await callAction(settingsPage.actions.saveRetention, admin, '/admin/settings', {
			retentionDays: '90'
		});
		expect(saved).toMatchObject({ kind: 'data' });
		expect(await getSetting('retention.days')).toBe(90);

		await chatLastActive(60);
		const result = await runRetention({ trigger: 'command' });
		expect(result).toMatchObject({ days: 90, chats: 0 });
		expect(await remaining()).toEqual(['20 days', '60 days']);
	});
});
