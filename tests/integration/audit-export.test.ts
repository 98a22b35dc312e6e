/**
 * Admin › Audit in people's language, and its CSV export for an information-governance or FOI request:
 * names instead of ids (looked up once per kind), sensible labels for deleted things, the same filters
 * as the screen, admins only, and cells that a spreadsheet cannot run as formulas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { insertAuditEvent } from '$lib/server/db/queries/audit';
import { createTeamWithOwner } from '$lib/server/db/queries/teams';
import { createUser } from '$lib/server/db/queries/users';
import * as auditPage from '../../src/routes/(admin)/admin/audit/+page.server';
import * as exportCsv from '../../src/routes/(admin)/admin/audit/export.csv/+server';
import { callRoute } from '../helpers/chat';
import { callLoad } from '../helpers/forms';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;
let teamId: string;
const GONE_DOC = '11111111-2222-4333-8444-555555555555';
const GONE_PERSON = 'abcdef12-0000-4000-8000-000000000000';

beforeAll(async () => {
	testDb = await setupTestDatabase();
	const a = await createUser({ email: 'ada.admin@nhs.net', name: 'Ada Admin', passwordHash: 'x', role: 'admin' });
	const m = await createUser({
		email: 'mo@nhs.net',
		name: '=HYPERLINK("http://evil.example","Mo")',
		passwordHash: 'x'
	});
	admin = { id: a.id, email: a.email, name: a.name, role: a.role };
	member = { id: m.id, email: m.email, name: m.name, role: m.role };
	teamId = (await createTeamWithOwner({ name: 'Press office', description: '', ownerId: admin.id })).id;
	await insertAuditEvent({ actorId: member.id, action: 'auth.sign_in' });
	await insertAuditEvent({
		actorId: admin.id,
		action: 'team.member_added',
		targetType: 'team',
		targetId: teamId,
		details: { userId: member.id, role: 'member' }
	});
	await insertAuditEvent({
		actorId: admin.id,
		action: 'corpus.document_deleted',
		targetType: 'document',
		targetId: GONE_DOC
	});
	await insertAuditEvent({
		actorId: admin.id,
		action: 'user.deactivated',
		targetType: 'user',
		targetId: GONE_PERSON,
		details: { newOwnerId: admin.id }
	});
	await insertAuditEvent({ actorId: GONE_PERSON, action: 'auth.sign_out' });
});

afterAll(async () => {
	await testDb?.teardown();
});

describe('the audit screen in people’s language', () => {
	it('names people, teams and documents, and labels what has gone', async () => {
		const r = await callLoad(auditPage.load, admin, '/admin/audit');
		if (r.kind !== 'data') throw new Error(JSON.stringify(r));
		const events = r.data.events as {
			action: string;
			actor: { label: string };
			target: { label: string } | null;
			related: string[];
		}[];
		const by = (action: string) => events.find((e) => e.action === action)!;
		expect(by('team.member_added')).toMatchObject({
			target: { label: 'Press office' },
			related: ['Person: =HYPERLINK("http://evil.example","Mo")']
		});
		expect(by('corpus.document_deleted').target?.label).toBe('Deleted document');
		expect(by('user.deactivated')).toMatchObject({
			target: { label: 'Deleted person #abcdef12' },
			related: ['New owner: Ada Admin']
		});
		expect(by('auth.sign_out').actor.label).toBe('Deleted person #abcdef12');
	});
});

describe('GET /admin/audit/export.csv', () => {
	const get = (user: SessionUser | null, query = '') =>
		callRoute(exportCsv.GET as never, { user, path: `/admin/audit/export.csv${query}` });

	it('exports the filtered view as CSV with names, plain actions and formula-safe cells', async () => {
		const res = await get(admin);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log_\d{4}-\d{2}-\d{2}\.csv"$/);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const lines = (await res.text()).trimEnd().split('\r\n');
		expect(lines[0]).toBe('When (UTC),Who,Email,What,Action code,Target type,Target,Also,Details,Request id');
		expect(lines).toHaveLength(6);
		const signIn = lines.find((l) => l.includes(',auth.sign_in,'))!;
		// The name starts with "=": quoted as text with a leading apostrophe, never a formula.
		expect(signIn).toContain(`,"'=HYPERLINK(""http://evil.example"",""Mo"")",mo@nhs.net,Signed in,auth.sign_in,`);
		expect(lines.find((l) => l.includes('team.member_added'))).toContain(
			'Added a team member,team.member_added,team,Press office,'
		);

		const filtered = (await (await get(admin, '?action=corpus.document_deleted')).text()).trimEnd().split('\r\n');
		expect(filtered).toHaveLength(2);
		expect(filtered[1]).toContain(
			'Ada Admin,ada.admin@nhs.net,Deleted a document,corpus.document_deleted,document,Deleted document'
		);
	});

	it('is for administrators only, and explains bad filters', async () => {
		expect((await get(member)).status).toBe(403);
		const bad = await get(admin, '?action=made.up&from-day=31&from-month=2&from-year=2026');
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { message: string }).message).toBe(
			'Choose an action from the list. The start date must be a real date, for example 27 3 2026'
		);
	});
});
