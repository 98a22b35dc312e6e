/**
 * The prompt picker's themes: an organisation prompt that began as a shipped example carries the theme
 * the examples file gives it (even after an administrator edits it); people's own and team prompts, and
 * organisation prompts written here, have none.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { exampleThemesByKey, PROMPT_EXAMPLES_FILE, seedPromptExamples } from '$lib/server/assistants/prompt-examples';
import { createPrompt, getPrompt, listPrompts, updatePrompt } from '$lib/server/assistants/prompts';
import { createUser } from '$lib/server/db/queries/users';
import { groupPrompts } from '$lib/utils/prompt-groups';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

// Reads still reach the disk; the spy only counts them.
vi.mock('node:fs/promises', async (importOriginal) => {
	const real = await importOriginal<typeof import('node:fs/promises')>();
	return { ...real, readFile: vi.fn(real.readFile) };
});

const examplesFileReads = () => vi.mocked(readFile).mock.calls.filter(([file]) => file === PROMPT_EXAMPLES_FILE).length;

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash' });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin');
	member = await account('member@nhs.net', 'Mo Member');
	await seedPromptExamples();
});

afterAll(async () => {
	await testDb?.teardown();
});

describe('themes of the shipped example prompts', () => {
	it('gives each example its theme from the file, and none to prompts written here', async () => {
		const own = await createPrompt(member, { title: 'My note', body: 'Hi {{who}}', visibility: 'private' });
		const org = await createPrompt(admin, { title: 'Board note', body: 'Hi {{who}}', visibility: 'organisation' });
		if (!own.ok || !org.ok) throw new Error('could not save the prompts');
		expect(own.value.theme).toBeNull();
		expect(org.value.theme).toBeNull();

		const listed = await listPrompts(member);
		const byTitle = new Map(listed.map((p) => [p.title, p.theme]));
		expect(byTitle.get('Post for X (Twitter)')).toBe('Social media');
		expect(byTitle.get('Alt text for an image')).toBe('Web pages and accessibility');
		expect(byTitle.get('My note')).toBeNull();
		expect(byTitle.get('Board note')).toBeNull();
		expect(listed.filter((p) => p.theme).length).toBe(29);

		const groups = groupPrompts(listed);
		expect(groups[0]).toMatchObject({ heading: 'Your own prompts' });
		expect(groups.find((g) => g.heading === 'Social media')!.prompts).toHaveLength(7);
		expect(groups.at(-1)).toMatchObject({ heading: 'Other organisation prompts' });
		expect(groups.at(-1)!.prompts.map((p) => p.title)).toEqual(['Board note']);
	});

	it('keeps the theme when an administrator edits the example', async () => {
		const x = (await listPrompts(admin)).find((p) => p.title === 'Post for X (Twitter)')!;
		const edited = await updatePrompt(admin, x.id, { title: 'Post for X (our style)', body: 'Our {{topic}} post' });
		if (!edited.ok) throw new Error(edited.message);
		expect(edited.value.theme).toBe('Social media');
		expect((await getPrompt(member, x.id))?.theme).toBe('Social media');
	});

	it('reads the examples file once, however often the library is shown', async () => {
		const x = (await listPrompts(admin)).find((p) => p.theme === 'Social media')!;
		for (let i = 0; i < 3; i++) {
			await listPrompts(member);
			expect((await getPrompt(member, x.id))?.theme).toBe('Social media');
			const edited = await updatePrompt(admin, x.id, { body: `Take ${i} about {{topic}}` });
			expect(edited.ok && edited.value.theme).toBe('Social media');
		}
		// The start-up seed and every list, view and edit above share one read.
		expect(examplesFileReads()).toBe(1);
	});

	it('lists no themes, rather than failing, when the examples file cannot be read', async () => {
		expect((await exampleThemesByKey('prompts/library/missing.yaml')).size).toBe(0);
		expect((await exampleThemesByKey()).size).toBe(29);
	});
});
