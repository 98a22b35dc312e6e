/**
 * The dashboard counts sensitive topics inside the database with the detector's own rules: for every
 * labelled request (including the rules that need a second word or must not fire beside another), the
 * count PostgreSQL gives each kind equals what the browser's detector showed people.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSensitiveTopics, SENSITIVE_TOPIC_KINDS, SENSITIVE_TOPICS } from '$lib/governance/sensitive-topics';
import { parseRequests } from '$lib/governance/sensitive-topics-eval';
import { chats, messages } from '$lib/server/db/schema';
import { createUser } from '$lib/server/db/queries/users';
import { dashboardTable } from '$lib/server/governance/dashboard';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
const requests = parseRequests(readFileSync('corpus/eval/sensitive-topic-requests.jsonl', 'utf8'));
const extra = [
	'Staff briefing about the flu vaccination clinics in the canteen',
	'What dose of paracetamol for a child?',
	'Signs of modern slavery in patients',
	'Reply to an angry tweet about parking',
	'Statement on the critical incident: please share the post'
];

beforeAll(async () => {
	testDb = await setupTestDatabase();
	const db = testDb.handle.db;
	const person = await createUser({ email: 'topics@nhs.net', name: 'Topic Counter', passwordHash: 'x' });
	const [chat] = await db
		.insert(chats)
		.values({ userId: person.id, createdAt: new Date('2026-10-05T10:00:00Z') })
		.returning({ id: chats.id });
	await db.insert(messages).values(
		[...requests.map((r) => r.text), ...extra].map((content, i) => ({
			chatId: chat.id,
			role: 'user' as const,
			content,
			createdAt: new Date(Date.UTC(2026, 9, 5, 10, 0, i))
		}))
	);
}, 120_000);

afterAll(async () => {
	await testDb?.teardown();
});

describe('sensitive topics on the dashboard', () => {
	it('counts each kind in the database exactly as the detector finds it', async () => {
		const texts = [...requests.map((r) => r.text), ...extra];
		const expected = Object.fromEntries(
			SENSITIVE_TOPIC_KINDS.map((kind) => [
				SENSITIVE_TOPICS[kind].label,
				texts.filter((t) => detectSensitiveTopics(t).some((f) => f.kind === kind)).length
			])
		);
		const table = await dashboardTable('sensitive-topics', { from: '2026-10-01', to: '2026-10-31' });
		expect(Object.fromEntries(table.rows.map((r) => [r.topic, r.requests]))).toEqual(expected);
		// Every kind is exercised, including rules with a second word ("angry" + "tweet") and an exception.
		expect(Object.values(expected).every((n) => n > 10)).toBe(true);
		expect(detectSensitiveTopics(extra[2]).map((t) => t.kind)).toEqual(['safeguarding']);
		expect(detectSensitiveTopics(extra[3]).map((t) => t.kind)).toEqual(['complaint']);
		expect(detectSensitiveTopics(extra[4]).map((t) => t.kind)).toEqual(['crisis']);
	});
});
