/**
 * With SMTP_URL and SMTP_FROM set, reset and invitation links are emailed through a real SMTP server
 * (started here on 127.0.0.1, with a password), and still shown to the administrator once. A relay that
 * refuses the message leaves the link on screen with a message that says so.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { hashPassword } from '$lib/server/auth/password';
import { getConfig } from '$lib/server/config';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { createUser, setUserRole } from '$lib/server/db/queries/users';
import { checkResetLink } from '$lib/server/people/account';
import { issueResetLink } from '$lib/server/people/admin';
import { acceptInviteLink, inviteToOrganisation } from '$lib/server/people/invitations';
import * as personPage from '../../src/routes/(admin)/admin/users/[id]/+page.server';
import * as usersPage from '../../src/routes/(admin)/admin/users/+page.server';
import { outcome, pageEvent } from '../helpers/forms';
import { linkIn, mailText, SMTP_USER, startSmtp, type TestSmtp } from '../helpers/smtp';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let smtp: TestSmtp;
let admin: SessionUser;
let lee: SessionUser;
const FROM = 'NHS Comms Assist <comms-assist@example.nhs.uk>';

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: await hashPassword('plum kettle harbour lantern') });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
	smtp = await startSmtp();
	// getConfig() reads the environment once per test file: set it before the first call.
	vi.stubEnv('SMTP_URL', smtp.url);
	vi.stubEnv('SMTP_FROM', FROM);
	expect(getConfig().mail).toEqual({ url: smtp.url, from: FROM });
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin');
	await setUserRole(admin.id, 'admin');
	admin = { ...admin, role: 'admin' };
	lee = await account('lee.leaver@nhs.net', 'Lee Leaver');
});

afterAll(async () => {
	vi.unstubAllEnvs();
	await smtp?.stop();
	await testDb?.teardown();
});

describe('emailing one-time links', () => {
	it('emails a reset link to the person, through the authenticated relay, and still returns it', async () => {
		const r = await issueResetLink(admin, lee.id, 'https://assist.example.nhs.uk', { requestId: 'req-mail' });
		if (!r.ok) throw new Error(r.message);
		expect(r.value.delivery).toBe('emailed');
		expect(smtp.messages).toHaveLength(1);
		const [mail] = smtp.messages;
		expect(mail).toMatchObject({ from: 'comms-assist@example.nhs.uk', to: ['lee.leaver@nhs.net'], user: SMTP_USER });
		const text = mailText(mail.raw);
		expect(text).toMatch(/^Subject: Choose a new password for NHS Comms Assist$/m);
		expect(text).toMatch(/^From: NHS Comms Assist <comms-assist@example.nhs.uk>$/m);
		expect(text).toContain('Hello Lee,');
		const link = linkIn(mail, 'https://assist.example.nhs.uk/reset-password/');
		expect(link).toBe(r.value.url);
		expect(await checkResetLink(link!.split('/').pop()!)).toEqual({ firstName: 'Lee' });
		const [event] = await listAuditEvents({ action: 'user.reset_link_issued', limit: 1 });
		expect(event).toMatchObject({ targetId: lee.id, details: { delivery: 'emailed' } });
		expect(JSON.stringify(event)).not.toContain('lee.leaver');
	});

	it('emails an invitation that creates the account with its role, from the page action too', async () => {
		const res = await outcome(() =>
			usersPage.actions.invite(
				pageEvent(admin, '/admin/users?/invite', {
					fields: { inviteEmail: 'Nia.New@nhs.net', inviteRole: 'admin' }
				}) as never
			)
		);
		expect(res).toMatchObject({ kind: 'data', data: { invite: { email: 'nia.new@nhs.net', delivery: 'emailed' } } });
		const mail = smtp.messages.at(-1)!;
		expect(mail.to).toEqual(['nia.new@nhs.net']);
		const text = mailText(mail.raw);
		expect(text).toMatch(/^Subject: You are invited to NHS Comms Assist$/m);
		expect(text).toContain('Ada Admin has invited you to NHS Comms Assist as an administrator');
		const link = linkIn(mail, 'http://localhost/join/')!;
		expect(link).toBe((res as unknown as { data: { invite: { url: string } } }).data.invite.url);
		const made = await acceptInviteLink(link.split('/').pop()!, {
			name: 'Nia New',
			password: 'meadow lantern copper river'
		});
		expect(made).toMatchObject({ ok: true, user: { email: 'nia.new@nhs.net', role: 'admin' } });
	});

	it('shows the link with a clear message when the relay refuses the email', async () => {
		smtp.refuse(true);
		try {
			const before = smtp.messages.length;
			const res = await outcome(() =>
				personPage.actions.reset(
					pageEvent(admin, `/admin/users/${lee.id}?/reset`, { params: { id: lee.id }, fields: {} }) as never
				)
			);
			expect(res).toMatchObject({ kind: 'data', data: { delivery: 'email_failed', email: 'lee.leaver@nhs.net' } });
			expect((res as unknown as { data: { resetUrl: string } }).data.resetUrl).toMatch(
				/\/reset-password\/[a-z2-7]{52}$/
			);
			expect(smtp.messages.length).toBe(before);
			const invite = await inviteToOrganisation(admin, { inviteEmail: 'sam@nhs.net' }, 'https://x');
			expect(invite).toMatchObject({ ok: true, value: { delivery: 'email_failed' } });
		} finally {
			smtp.refuse(false);
		}
	});
});
