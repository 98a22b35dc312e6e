import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DraftFinding } from '$lib/governance/draft-checks';
import type { PersonalDataFinding } from '$lib/governance/personal-data';
import { MAX_DRAFT_CHARS } from '$lib/schemas/draft-checks';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { findStyleRule } from '$lib/server/db/queries/style-rules';
import { createUser } from '$lib/server/db/queries/users';
import { seedStyleRules, invalidateStyleRuleCache } from '$lib/server/governance/style-rules';
import { STYLE_RULE_SEEDS } from '$lib/server/governance/style-rules.seed';
import { seedSampleCorpusIfEmpty } from '$lib/server/ingestion/seed';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import * as rulesPage from '../../src/routes/(admin)/admin/rules/+page.server';
import * as editPage from '../../src/routes/(admin)/admin/rules/[id]/+page.server';
import * as newPage from '../../src/routes/(admin)/admin/rules/new/+page.server';
import * as checkPage from '../../src/routes/(app)/check/+page.server';
import * as draftApi from '../../src/routes/api/check/draft/+server';
import { callRoute } from '../helpers/chat';
import { localEmbedder } from '../helpers/corpus';
import { callAction, outcome, pageEvent, type Outcome } from '../helpers/forms';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;

async function makeUser(email: string, name: string, role: 'member' | 'admin' = 'member'): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash', role });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	invalidateStyleRuleCache();
	useEmbedder(await localEmbedder());
	const loaded = await seedSampleCorpusIfEmpty();
	expect(loaded.filter((r) => !r.ok)).toEqual([]);
	admin = await makeUser('ada@nhs.net', 'Ada', 'admin');
	member = await makeUser('bob@nhs.net', 'Bob');
});

afterAll(async () => {
	invalidateStyleRuleCache();
	await testDb?.teardown();
});

type CheckResponse = { readingAge: number | null; findings: DraftFinding[] };

async function check(text: unknown, user: SessionUser | null = member) {
	const res = await callRoute(draftApi.POST, { user, method: 'POST', path: '/api/check/draft', body: { text } });
	return {
		status: res.status,
		body: (await res.json()) as CheckResponse & { message?: string; errors?: Record<string, string> }
	};
}

/** What a load or action returned (or failed with); throws on a redirect or an error. */
function dataOf<T>(o: Outcome): T {
	if (o.kind !== 'data' && o.kind !== 'fail') throw new Error(`Expected data, got ${o.kind}`);
	return o.data as T;
}

async function countRules(): Promise<number> {
	const [row] = await queryRows<{ n: number }>(testDb.handle, sql`select count(*)::int as n from style_rules`);
	return row.n;
}

const validRule = {
	id: 'local.patient-portal',
	category: 'a-to-z',
	pattern: String.raw`\bpatient portal\b`,
	exceptions: '',
	message: 'We call it the NHS App.',
	suggestion: 'NHS App',
	documentRef: 'tone-and-style/a-to-z-health-words-part-2',
	sourceUrl: '',
	enabled: 'on'
};

function editAction(user: SessionUser, id: string, fields: Record<string, string>) {
	return outcome(() =>
		editPage.actions.default(
			pageEvent(user, `/admin/rules/${id}`, { fields, params: { id }, routeId: '/(admin)/admin/rules/[id]' }) as never
		)
	);
}

describe('seeding the built-in rules', () => {
	it('inserts every built-in rule once and is idempotent', async () => {
		expect(await seedStyleRules()).toBe(STYLE_RULE_SEEDS.length);
		expect(await countRules()).toBe(STYLE_RULE_SEEDS.length);
		expect(STYLE_RULE_SEEDS.length).toBeGreaterThanOrEqual(60);
		expect(await seedStyleRules()).toBe(0);
		expect(await countRules()).toBe(STYLE_RULE_SEEDS.length);
		const chemist = await findStyleRule('az.chemist');
		expect(chemist).toMatchObject({
			builtIn: true,
			enabled: true,
			documentRef: 'tone-and-style/a-to-z-health-words-part-1',
			sourceUrl: 'https://service-manual.nhs.uk/content/a-to-z-of-nhs-health-writing'
		});
	});

	it('links every built-in rule to a document in the seeded library', async () => {
		const rows = await queryRows<{ id: string }>(
			testDb.handle,
			sql`select r.id from style_rules r where not exists (
				select 1 from documents d join collections c on c.id = d.collection_id
				where c.slug || '/' || d.slug = r.document_ref)`
		);
		expect(rows).toEqual([]);
	});
});

describe('POST /api/check/draft', () => {
	it('needs a signed-in user', async () => {
		expect((await check('Hello', null)).status).toBe(401);
	});

	it('answers 400 with a field message for bad bodies', async () => {
		const notJson = await callRoute(draftApi.POST, {
			user: member,
			method: 'POST',
			path: '/api/check/draft',
			body: 'not json'
		});
		expect(notJson.status).toBe(400);
		expect(((await notJson.json()) as { message: string }).message).toMatch(/must be JSON/);
		const missing = await callRoute(draftApi.POST, {
			user: member,
			method: 'POST',
			path: '/api/check/draft',
			body: {}
		});
		expect(missing.status).toBe(400);
		expect(((await missing.json()) as { errors: Record<string, string> }).errors.text).toBeTruthy();
		expect((await check(42)).status).toBe(400);
		const blank = await check('   ');
		expect(blank.status).toBe(400);
		expect(blank.body.errors?.text).toBe('Enter some text to check');
		const long = await check('a'.repeat(MAX_DRAFT_CHARS + 1));
		expect(long.status).toBe(400);
		expect(long.body.errors?.text).toMatch(/too long to check.*check it in parts/);
	});

	it('finds style and inclusive-language problems with offsets and the guidance they come from', async () => {
		const text =
			"Don't forget: the chemist is open on 06/08/2026. Elderly people and diabetics can get the vaccine. Dr Shah helps people who use illegal drugs.";
		const { status, body } = await check(text);
		expect(status).toBe(200);
		expect(typeof body.readingAge).toBe('number');
		const byRule = new Map(body.findings.map((f) => [f.ruleId, f]));
		for (const [id, found] of [
			['style.contraction-dont', "Don't"],
			['az.chemist', 'chemist'],
			['numbers.date-numeric', '06/08/2026'],
			['inclusive.elderly', 'Elderly'],
			['inclusive.diabetic', 'diabetics']
		] as const) {
			const f = byRule.get(id);
			expect(f, id).toBeTruthy();
			expect(text.slice(f!.start, f!.end)).toBe(found);
		}
		expect(byRule.has('az.drugs')).toBe(false);
		expect(byRule.get('az.chemist')).toMatchObject({
			category: 'a-to-z',
			suggestion: 'pharmacy',
			source: {
				documentRef: 'tone-and-style/a-to-z-health-words-part-1',
				documentTitle: 'A to Z of NHS health words part 1',
				collection: 'Tone of voice and content style',
				url: 'https://service-manual.nhs.uk/content/a-to-z-of-nhs-health-writing'
			}
		});
		expect(byRule.get('inclusive.elderly')?.source?.documentTitle).toBe('Inclusive language for age');
		const starts = body.findings.map((f) => f.start);
		expect(starts).toEqual([...starts].sort((a, b) => a - b));
	});

	it('reports readability: long sentences and the passive voice', async () => {
		const text =
			'A letter will be sent to you by the hospital when the results of the tests that were done last week have come back from the laboratory.';
		const { body } = await check(text);
		const ids = body.findings.map((f) => f.ruleId);
		expect(ids).toContain('readability.long-sentence');
		expect(ids).toContain('readability.passive-voice');
		expect(body.findings.find((f) => f.ruleId === 'readability.long-sentence')?.source?.documentTitle).toBe(
			'Writing style and readability'
		);
	});
});

describe('admin rules', () => {
	it('lists rules with filters, for admins only', async () => {
		const all = await outcome(() => rulesPage.load(pageEvent(admin, '/admin/rules') as never));
		expect(all.kind).toBe('data');
		const rules = dataOf<{ rules: { id: string; category: string; documentTitle: string | null }[] }>(all).rules;
		expect(rules.length).toBe(STYLE_RULE_SEEDS.length);
		expect(rules.find((r) => r.id === 'az.chemist')?.documentTitle).toBe('A to Z of NHS health words part 1');
		const inclusive = await outcome(() => rulesPage.load(pageEvent(admin, '/admin/rules?category=inclusive') as never));
		const inc = dataOf<{ rules: { category: string }[] }>(inclusive).rules;
		expect(inc.length).toBeGreaterThan(5);
		expect(inc.every((r) => r.category === 'inclusive')).toBe(true);
		const off = await outcome(() => rulesPage.load(pageEvent(admin, '/admin/rules?status=disabled') as never));
		expect(dataOf<{ rules: unknown[] }>(off).rules).toEqual([]);
		const asMember = await outcome(() => rulesPage.load(pageEvent(member, '/admin/rules') as never));
		expect(asMember).toMatchObject({ kind: 'error', status: 403 });
	});

	it.each([
		['an invalid regular expression', { pattern: '(unclosed' }, 'pattern', /not a valid regular expression/],
		['a pattern that matches empty text', { pattern: 'x*' }, 'pattern', /can match empty text/],
		['a catastrophically slow pattern', { pattern: '(a+)+$' }, 'pattern', /too slow/],
		['a polynomially slow pattern (repeats of "ab")', { pattern: '(?:ab)+(?:ab)+(?:ab)+c' }, 'pattern', /too slow/],
		['a slow exception', { exceptions: String.raw`\bok\b` + '\n' + '(\\w+\\s?)+$' }, 'exceptions', /too slow/],
		['an invalid exception', { exceptions: '[' }, 'exceptions', /Exception 1: .*not a valid/],
		[
			'a document that is not in the library',
			{ documentRef: 'nope/missing' },
			'documentRef',
			/Choose a guidance document/
		],
		['no message', { message: '  ' }, 'message', /Enter why/],
		['a bad ID', { id: 'Bad ID!' }, 'id', /lower-case letters/],
		['an unknown category', { category: 'other' }, 'category', /Choose a category/],
		['an http link', { sourceUrl: 'http://example.org' }, 'sourceUrl', /https:\/\//]
	])('rejects %s with a clear message and saves nothing', async (_name, change, field, message) => {
		const before = await countRules();
		const result = await callAction(newPage.actions.default, admin, '/admin/rules/new', { ...validRule, ...change });
		expect(result.kind).toBe('fail');
		const data = dataOf<{ errors: Record<string, string>; values: Record<string, unknown> }>(result);
		expect(data.errors[field]).toMatch(message);
		expect(data.values.pattern).toBe((change as { pattern?: string }).pattern ?? validRule.pattern);
		expect(await countRules()).toBe(before);
	});

	it('adds a rule, audits it and uses it in checks straight away; members cannot', async () => {
		expect((await check('Use the patient portal.')).body.findings.map((f) => f.ruleId)).not.toContain(
			'local.patient-portal'
		);
		const asMember = await callAction(newPage.actions.default, member, '/admin/rules/new', validRule);
		expect(asMember).toMatchObject({ kind: 'error', status: 403 });

		const created = await callAction(newPage.actions.default, admin, '/admin/rules/new', validRule);
		expect(created).toMatchObject({
			kind: 'redirect',
			status: 303,
			location: '/admin/rules/local.patient-portal?saved=created'
		});
		expect(await findStyleRule('local.patient-portal')).toMatchObject({
			builtIn: false,
			enabled: true,
			updatedBy: admin.id
		});
		const [event] = await listAuditEvents({ action: 'rule.created' });
		expect(event).toMatchObject({ actorId: admin.id, targetId: 'local.patient-portal' });
		expect(event.details).toMatchObject({ before: null, after: { pattern: validRule.pattern, enabled: true } });

		const found = (await check('Use the patient portal.')).body.findings.find(
			(f) => f.ruleId === 'local.patient-portal'
		);
		expect(found).toMatchObject({
			start: 8,
			end: 22,
			suggestion: 'NHS App',
			source: { documentTitle: 'A to Z of NHS health words part 2' }
		});

		const again = await callAction(newPage.actions.default, admin, '/admin/rules/new', validRule);
		expect(again.kind).toBe('fail');
		expect(dataOf<{ errors: Record<string, string> }>(again).errors.id).toMatch(/already exists/);
	});

	it('edits a rule with before and after in the audit log; unknown rules are 404', async () => {
		const result = await editAction(admin, 'az.chemist', {
			...validRule,
			category: 'a-to-z',
			pattern: String.raw`\bchemist(?:s|['’]s)?\b`,
			exceptions: String.raw`\bchemistry\b`,
			message: 'Say pharmacy.',
			suggestion: 'pharmacy',
			documentRef: 'tone-and-style/a-to-z-health-words-part-1'
		});
		expect(result).toMatchObject({ kind: 'data', data: { message: 'Rule az.chemist saved' } });
		const [event] = await listAuditEvents({ action: 'rule.updated' });
		expect(event.details).toMatchObject({
			before: { pattern: String.raw`\bchemists?\b`, exceptionCount: 0 },
			after: { pattern: String.raw`\bchemist(?:s|['’]s)?\b`, exceptionCount: 1 }
		});
		const edited = "Go to the chemist's today.";
		const f = (await check(edited)).body.findings.find((x) => x.ruleId === 'az.chemist');
		expect(f && edited.slice(f.start, f.end)).toBe("chemist's");

		const bad = await editAction(admin, 'az.chemist', { ...validRule, pattern: '(' });
		expect(bad.kind).toBe('fail');
		expect((await findStyleRule('az.chemist'))?.pattern).toBe(String.raw`\bchemist(?:s|['’]s)?\b`);

		expect(await editAction(admin, 'no.such-rule', validRule)).toMatchObject({ kind: 'error', status: 404 });
		expect(await editAction(member, 'az.chemist', validRule)).toMatchObject({ kind: 'error', status: 403 });
	});

	it('does not apply disabled rules, and turning one back on restores it', async () => {
		const text = 'Advice for the elderly.';
		expect((await check(text)).body.findings.map((f) => f.ruleId)).toContain('inclusive.elderly');
		const off = await callAction(rulesPage.actions.toggle, admin, '/admin/rules', {
			id: 'inclusive.elderly',
			enabled: 'false'
		});
		expect(off).toMatchObject({ kind: 'data', data: { message: 'Rule inclusive.elderly turned off' } });
		expect((await check(text)).body.findings.map((f) => f.ruleId)).not.toContain('inclusive.elderly');
		const [event] = await listAuditEvents({ action: 'rule.updated' });
		expect(event.details).toMatchObject({ before: { enabled: true }, after: { enabled: false } });

		const disabled = await outcome(() => rulesPage.load(pageEvent(admin, '/admin/rules?status=disabled') as never));
		expect(dataOf<{ rules: { id: string }[] }>(disabled).rules.map((r) => r.id)).toEqual(['inclusive.elderly']);

		const missing = await callAction(rulesPage.actions.toggle, admin, '/admin/rules', { id: 'nope', enabled: 'true' });
		expect(missing).toMatchObject({ kind: 'error', status: 404 });
		const bad = await callAction(rulesPage.actions.toggle, admin, '/admin/rules', { id: 'az.jab', enabled: 'maybe' });
		expect(bad.kind).toBe('fail');

		await callAction(rulesPage.actions.toggle, admin, '/admin/rules', { id: 'inclusive.elderly', enabled: 'true' });
		expect((await check(text)).body.findings.map((f) => f.ruleId)).toContain('inclusive.elderly');
	});

	it('seeding again keeps admin edits and disabled rules, and only restores missing ones', async () => {
		await callAction(rulesPage.actions.toggle, admin, '/admin/rules', { id: 'az.jab', enabled: 'false' });
		await testDb.handle.db.execute(sql`delete from style_rules where id = 'az.renal'`);
		expect(await seedStyleRules()).toBe(1);
		expect((await findStyleRule('az.chemist'))?.pattern).toBe(String.raw`\bchemist(?:s|['’]s)?\b`);
		expect((await findStyleRule('az.jab'))?.enabled).toBe(false);
		expect(await findStyleRule('az.renal')).toMatchObject({ enabled: true, builtIn: true });
		expect(await findStyleRule('local.patient-portal')).toBeTruthy();
	});
});

describe('Check my text page', () => {
	it('checks text posted from the form (no JavaScript needed) and keeps it in the box', async () => {
		const result = await callAction(checkPage.actions.default, member, '/check', { text: 'Ask your chemist.' });
		expect(result.kind).toBe('data');
		const data = dataOf<{ text: string; findings: DraftFinding[]; readingAge: number }>(result);
		expect(data.text).toBe('Ask your chemist.');
		expect(data.findings.map((f) => f.ruleId)).toContain('az.chemist');
	});

	it('runs the personal-data guard as well: names and identifiers found, role mailboxes and switchboards not', async () => {
		const text =
			'Reply to Mrs Jones (NHS number 943 476 5919) about her complaint. Sarah Jones will ring her.\n\nMedia contact\nSwitchboard: 020 7946 0958\nEmail: press.office@example.nhs.uk';
		const result = await callAction(checkPage.actions.default, member, '/check', { text });
		const data = dataOf<{ personalData: PersonalDataFinding[]; redacted: string | null }>(result);
		expect(data.personalData.map((f) => `${f.kind}:${text.slice(f.start, f.end)}`)).toEqual([
			'name:Jones',
			'nhs_number:943 476 5919',
			'name:Sarah Jones'
		]);
		expect(data.redacted).toBe(
			'Reply to Mrs [Person 1] (NHS number [NHS number]) about her complaint. [Person 1] will ring her.\n\nMedia contact\nSwitchboard: 020 7946 0958\nEmail: press.office@example.nhs.uk'
		);
		const clean = dataOf<{ personalData: PersonalDataFinding[]; redacted: string | null }>(
			await callAction(checkPage.actions.default, member, '/check', { text: 'Ask your pharmacist.' })
		);
		expect(clean).toMatchObject({ personalData: [], redacted: null });
	});

	it('asks for text when the box is empty, and needs a signed-in user', async () => {
		const empty = await callAction(checkPage.actions.default, member, '/check', { text: '' });
		expect(empty).toMatchObject({ kind: 'fail', status: 400, data: { errors: { text: 'Enter some text to check' } } });
		const signedOut = await callAction(checkPage.actions.default, null, '/check', { text: 'Hi' });
		expect(signedOut).toMatchObject({ kind: 'redirect', status: 303 });
	});
});
