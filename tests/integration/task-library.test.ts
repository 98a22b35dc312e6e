/**
 * The task library's directory load: `?search=` matches a starter prompt as well as names and
 * descriptions, `?theme=` is kept only when it is a theme, and private assistants of others never
 * appear (whatever the search).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { createAssistant } from '$lib/server/assistants/service';
import { loadBuiltinAssistants } from '$lib/server/assistants/builtins';
import { createUser } from '$lib/server/db/queries/users';
import * as directoryPage from '../../src/routes/(app)/assistants/+page.server';
import { callLoad } from '../helpers/forms';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let member: SessionUser;
let other: SessionUser;

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash' });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

type Listed = { name: string; category: string; builtin: boolean; featured: boolean };

async function directory(user: SessionUser, query = '') {
	const page = await callLoad(directoryPage.load, user, `/assistants${query}`);
	if (page.kind !== 'data') throw new Error(`Directory did not load: ${JSON.stringify(page)}`);
	return page.data as { filter: { search: string; theme: string; scope: string }; assistants: Listed[] };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	await account('admin@nhs.net', 'Ada Admin');
	member = await account('member@nhs.net', 'Mo Member');
	other = await account('other@nhs.net', 'Oli Other');
	await loadBuiltinAssistants();
	const made = await createAssistant(other, {
		name: 'Secret helper',
		description: 'Private to its owner',
		category: 'Social media',
		instructions: 'Draft clear, kind NHS copy.',
		visibility: 'private',
		status: 'published',
		starters: ['A post about the phlebotomy hub'],
		intake: { mode: 'none', questions: [] }
	});
	expect(made.ok).toBe(true);
	const mine = await createAssistant(member, {
		name: 'Hub news',
		description: 'News for the clinic',
		category: 'Media and press',
		instructions: 'Draft clear, kind NHS copy.',
		visibility: 'private',
		status: 'published',
		starters: ['Tell people about the phlebotomy hub opening'],
		intake: { mode: 'none', questions: [] }
	});
	expect(mine.ok).toBe(true);
});

afterAll(async () => {
	await testDb?.teardown();
});

describe('the task library directory', () => {
	it('lists every built-in with its theme, and featured built-ins for Start here', async () => {
		const all = await directory(member);
		expect(all.filter).toEqual({ search: '', theme: '', scope: 'all' });
		expect(all.assistants.filter((a) => a.builtin).length).toBeGreaterThanOrEqual(16);
		expect(all.assistants.some((a) => a.builtin && a.featured)).toBe(true);
		expect(all.assistants.map((a) => a.name)).not.toContain('Secret helper');
	});

	it('searches starter prompts, not only names and descriptions', async () => {
		const found = await directory(member, '?search=PHLEBOTOMY%20hub');
		expect(found.assistants.map((a) => a.name)).toEqual(['Hub news']);
		expect(found.filter.search).toBe('PHLEBOTOMY hub');
	});

	it('keeps a known theme and ignores an unknown one', async () => {
		expect((await directory(member, '?theme=Social%20media')).filter.theme).toBe('Social media');
		expect((await directory(member, '?category=Social%20media')).filter.theme).toBe('Social media');
		expect((await directory(member, '?theme=Gossip')).filter.theme).toBe('');
	});
});
