import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { listSynonyms } from '$lib/server/db/queries/synonyms';
import { createUser } from '$lib/server/db/queries/users';
import { seedSampleCorpusIfEmpty } from '$lib/server/ingestion/seed';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import { searchGuidance } from '$lib/server/retrieval/search';
import { builtinSynonymGroups, invalidateSynonymCache, seedSynonyms } from '$lib/server/retrieval/synonyms';
import * as listPage from '../../src/routes/(admin)/admin/synonyms/+page.server';
import * as editPage from '../../src/routes/(admin)/admin/synonyms/[id]/+page.server';
import { localEmbedder } from '../helpers/corpus';
import { callAction, callLoad, outcome, pageEvent, type Outcome } from '../helpers/forms';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;

async function makeUser(email: string, name: string, role: 'member' | 'admin' = 'member'): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash', role });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

function dataOf<T>(o: Outcome): T {
	if (o.kind !== 'data' && o.kind !== 'fail') throw new Error(`Expected data, got ${o.kind}`);
	return o.data as T;
}

async function topDocuments(query: string): Promise<string[]> {
	return (await searchGuidance({ query, mode: 'keyword', k: 3 })).results.map((r) => r.documentSlug);
}

function edit(user: SessionUser, id: string, fields: Record<string, string>) {
	return outcome(() =>
		editPage.actions.default(
			pageEvent(user, `/admin/synonyms/${id}`, {
				fields,
				params: { id },
				routeId: '/(admin)/admin/synonyms/[id]'
			}) as never
		)
	);
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	invalidateSynonymCache();
	useEmbedder(await localEmbedder());
	expect((await seedSampleCorpusIfEmpty()).filter((r) => !r.ok)).toEqual([]);
	admin = await makeUser('ada@nhs.net', 'Ada', 'admin');
	member = await makeUser('bob@nhs.net', 'Bob');
});

afterAll(async () => {
	invalidateSynonymCache();
	await testDb?.teardown();
});

describe('the built-in list', () => {
	it('is seeded once from the word list and not again once the table has rows', async () => {
		expect(await seedSynonyms()).toBe(builtinSynonymGroups().length);
		expect(await seedSynonyms()).toBe(0);
		const ae = (await listSynonyms()).find((r) => r.term === 'A&E');
		expect(ae).toMatchObject({ builtIn: true });
		expect(ae?.synonyms).toContain('emergency department');
	});

	it('lets a search in other words find the guidance ("LLM" finds the guidance on generative AI)', async () => {
		const query = 'LLM';
		const plain = await searchGuidance({ query, mode: 'keyword', k: 5, expansionWeight: 0 });
		const expanded = await searchGuidance({ query, mode: 'keyword', k: 5 });
		expect(plain.results).toEqual([]);
		expect(expanded.results[0]).toMatchObject({ collection: 'responsible-ai' });
	});

	it("can move the question's vector towards its synonyms too (off by default: measured, not kept)", async () => {
		const query = 'LLM';
		const plain = await searchGuidance({ query, mode: 'vector', k: 3 });
		const expanded = await searchGuidance({ query, mode: 'vector', k: 3, vectorExpansionWeight: 1 });
		expect(plain.results.map((r) => r.collection)).not.toContain('responsible-ai');
		expect(expanded.results.map((r) => r.collection)).toEqual(['responsible-ai', 'responsible-ai', 'responsible-ai']);
	});
});

describe('/admin/synonyms', () => {
	it('is for admins only: members get 403 on the page and every action', async () => {
		expect(await callLoad(listPage.load, member, '/admin/synonyms')).toMatchObject({ kind: 'error', status: 403 });
		const fields = { term: 'zorblax', synonyms: 'Frutiger' };
		expect(await callAction(listPage.actions.add, member, '/admin/synonyms', fields)).toMatchObject({
			kind: 'error',
			status: 403
		});
		const [row] = await listSynonyms();
		expect(await callAction(listPage.actions.delete, member, '/admin/synonyms', { id: row.id })).toMatchObject({
			kind: 'error',
			status: 403
		});
		expect(await edit(member, row.id, fields)).toMatchObject({ kind: 'error', status: 403 });
		expect(await callLoad(listPage.load, null, '/admin/synonyms')).toMatchObject({ kind: 'redirect' });
		expect((await listSynonyms()).some((r) => r.term === 'zorblax')).toBe(false);
	});

	it.each([
		['no term', { term: '  ', synonyms: 'x-ray' }, 'term', /Enter a term/],
		['no synonyms', { term: 'zorblax', synonyms: ' \n , ' }, 'synonyms', /at least one synonym/],
		['the term as its own synonym', { term: 'Zorblax', synonyms: 'zorblax' }, 'synonyms', /cannot be the term/],
		['a term already listed', { term: 'a&e', synonyms: 'casualty' }, 'term', /already in the list/],
		['a phrase too long', { term: 'zorblax', synonyms: 'x'.repeat(61) }, 'synonyms', /60 characters/],
		['punctuation only', { term: '&&', synonyms: 'and' }, 'term', /letter or number/]
	])('rejects %s with a message and saves nothing', async (_name, fields, field, message) => {
		const before = (await listSynonyms()).length;
		const result = await callAction(listPage.actions.add, admin, '/admin/synonyms', fields);
		expect(result.kind).toBe('fail');
		const data = dataOf<{ errors: Record<string, string>; values: Record<string, string> }>(result);
		expect(data.errors[field]).toMatch(message);
		expect(data.values.term).toBe(fields.term);
		expect((await listSynonyms()).length).toBe(before);
	});

	it("an admin's add, change and delete change search results at once, each in the audit log", async () => {
		expect(await topDocuments('zorblax')).toEqual([]);

		const added = await callAction(listPage.actions.add, admin, '/admin/synonyms', {
			term: 'zorblax',
			synonyms: 'Frutiger\nzorblax font'
		});
		expect(added).toMatchObject({ kind: 'data', data: { message: 'Added "zorblax"' } });
		expect((await topDocuments('zorblax'))[0]).toBe('typeface-and-type-sizes');
		const row = (await listSynonyms()).find((r) => r.term === 'zorblax')!;
		expect(row).toMatchObject({ builtIn: false, updatedBy: admin.id, synonyms: ['Frutiger', 'zorblax font'] });
		const [created] = await listAuditEvents({ action: 'synonym.created' });
		expect(created).toMatchObject({ actorId: admin.id, targetId: row.id });

		const bad = await edit(admin, row.id, { term: 'zorblax', synonyms: '' });
		expect(dataOf<{ errors: Record<string, string> }>(bad).errors.synonyms).toMatch(/at least one synonym/);
		const changed = await edit(admin, row.id, { term: 'zorblax', synonyms: 'pantone, CMYK' });
		expect(changed.kind).toBe('data');
		expect((await topDocuments('zorblax'))[0]).toBe('colours');
		const [updated] = await listAuditEvents({ action: 'synonym.updated' });
		expect(updated.details).toMatchObject({
			before: { synonyms: ['Frutiger', 'zorblax font'] },
			after: { synonyms: ['pantone', 'CMYK'] }
		});

		const deleted = await callAction(listPage.actions.delete, admin, '/admin/synonyms', { id: row.id });
		expect(deleted).toMatchObject({ kind: 'data', data: { message: 'Deleted "zorblax"' } });
		expect(await topDocuments('zorblax')).toEqual([]);
		expect((await listAuditEvents({ action: 'synonym.deleted' }))[0]).toMatchObject({ targetId: row.id });
	});

	it('answers 404 for a term that does not exist, and 400 for a bad id', async () => {
		const missing = '00000000-0000-4000-8000-000000000000';
		expect(
			await outcome(() =>
				editPage.load(pageEvent(admin, `/admin/synonyms/${missing}`, { params: { id: missing } }) as never)
			)
		).toMatchObject({ kind: 'error', status: 404 });
		expect(
			await outcome(() => editPage.load(pageEvent(admin, '/admin/synonyms/nope', { params: { id: 'nope' } }) as never))
		).toMatchObject({ kind: 'error', status: 404 });
		expect(await callAction(listPage.actions.delete, admin, '/admin/synonyms', { id: missing })).toMatchObject({
			kind: 'error',
			status: 404
		});
		expect(await callAction(listPage.actions.delete, admin, '/admin/synonyms', { id: 'nope' })).toMatchObject({
			kind: 'fail',
			status: 400
		});
	});
});
