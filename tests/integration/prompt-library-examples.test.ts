/**
 * The organisation prompt library's shipped examples: seeding adds each example once, however often and
 * on however many instances it runs, and never overwrites an administrator's edit or brings back a
 * prompt an administrator deleted; an example new to the file is added on the next start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { loadPromptExamples, seedPromptExamples } from '$lib/server/assistants/prompt-examples';
import { deletePrompt, listPrompts, updatePrompt } from '$lib/server/assistants/prompts';
import { listSeededPromptKeys } from '$lib/server/db/queries/prompt-library-seeds';
import { createUser } from '$lib/server/db/queries/users';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash' });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

const organisationPrompts = async (user: SessionUser) =>
	(await listPrompts(user, 'organisation')).map((p) => ({ id: p.id, title: p.title, body: p.body }));

const examples = [
	{ key: 'test-x-post', title: 'Post for X', body: 'Write a post for X about {{topic}}' },
	{ key: 'test-faqs', title: 'FAQs', body: 'Write {{number}} questions about {{topic}}' },
	{ key: 'test-alt-text', title: 'Alt text', body: 'Describe {{image}} in under 125 characters' }
];

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin'); // the first account is an admin
	member = await account('member@nhs.net', 'Mo Member');
	expect(admin.role).toBe('admin');
});

afterAll(async () => {
	await testDb?.teardown();
});

describe('seeding the example prompts', () => {
	it('adds each example once, for everyone, and a second run adds nothing', async () => {
		expect(await seedPromptExamples(examples)).toBe(3);
		expect(await seedPromptExamples(examples)).toBe(0);
		const listed = await organisationPrompts(member);
		expect(listed.map((p) => p.title).sort()).toEqual(['Alt text', 'FAQs', 'Post for X']);
		const view = (await listPrompts(member, 'organisation')).find((p) => p.title === 'FAQs')!;
		expect(view.variables).toEqual(['number', 'topic']);
		expect(view.can.edit).toBe(false);
	});

	it('keeps an administrator’s edit and does not bring back a deleted example', async () => {
		const before = await organisationPrompts(admin);
		const x = before.find((p) => p.title === 'Post for X')!;
		const faqs = before.find((p) => p.title === 'FAQs')!;
		const edited = await updatePrompt(admin, x.id, { title: 'Post for X (our style)', body: 'Our own {{topic}} post' });
		expect(edited.ok).toBe(true);
		expect((await deletePrompt(admin, faqs.id)).ok).toBe(true);

		expect(await seedPromptExamples(examples)).toBe(0);
		const after = await organisationPrompts(member);
		expect(after.map((p) => p.title).sort()).toEqual(['Alt text', 'Post for X (our style)']);
		expect(after.find((p) => p.id === x.id)!.body).toBe('Our own {{topic}} post');
		// The deleted example's key is still remembered, without a prompt.
		expect(await listSeededPromptKeys()).toContainEqual({ key: 'test-faqs', promptId: null });
	});

	it('adds a new example exactly once when several instances seed at the same time', async () => {
		const withNew = [...examples, { key: 'test-sms', title: 'Text message', body: 'Text {{who}} about {{what}}' }];
		const added = await Promise.all([1, 2, 3, 4].map(() => seedPromptExamples(withNew)));
		expect(added.reduce((a, b) => a + b, 0)).toBe(1);
		const titles = (await organisationPrompts(member)).map((p) => p.title);
		expect(titles.filter((t) => t === 'Text message')).toHaveLength(1);
		expect(titles).not.toContain('FAQs');
	});

	it('seeds the shipped file: at least 25 examples, every one with blanks', async () => {
		const shipped = await loadPromptExamples();
		expect(await seedPromptExamples()).toBe(shipped.length);
		expect(await seedPromptExamples()).toBe(0);
		const all = await listPrompts(member, 'organisation');
		expect(all.length).toBeGreaterThanOrEqual(25 + 3);
		for (const p of all) expect(p.variables.length, p.title).toBeGreaterThan(0);
	});
});
