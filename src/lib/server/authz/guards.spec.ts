import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { requireAdmin, requireApiAdmin, requireApiUser, requireUser, safeRedirectTarget } from './guards';

const member: SessionUser = { id: 'u-1', email: 'member@nhs.net', name: 'Member', role: 'member' };
const admin: SessionUser = { id: 'u-2', email: 'admin@nhs.net', name: 'Admin', role: 'admin' };

function event(user: SessionUser | null, href = 'http://localhost/chats') {
	return { locals: { user, session: null, requestId: 'req-123' }, url: new URL(href) };
}

/** Runs a guard that is expected to throw, and returns what it threw. */
function thrown(guard: () => unknown): unknown {
	try {
		guard();
	} catch (e) {
		return e;
	}
	throw new Error('Expected the guard to throw');
}

describe('safeRedirectTarget', () => {
	it.each(['/', '/chats', '/chats/123?tab=draft#latest', '/admin/users?q=a%2Fb'])('keeps the local path %j', (path) => {
		expect(safeRedirectTarget(path)).toBe(path);
	});

	it.each([
		['missing', null],
		['undefined', undefined],
		['empty', ''],
		['protocol-relative', '//evil.com'],
		['protocol-relative with a path', '//evil.com/chats'],
		['backslash', '/\\evil.com'],
		['backslash then slash', '/\\/evil.com'],
		['absolute https', 'https://evil.com'],
		['javascript', 'javascript:alert(1)'],
		['relative', 'evil.com'],
		// Browsers strip tabs and newlines from URLs, turning these into //evil.com.
		['tab', '/\t/evil.com'],
		['newline', '/\n/evil.com'],
		['carriage return', '/\r/evil.com'],
		['backslash later on', '/chats/..\\..\\evil']
	])('sends a %s target to the home page instead', (_label, value) => {
		expect(safeRedirectTarget(value)).toBe('/');
	});

	it('never produces a target that leaves the site', () => {
		const base = 'https://comms.example.nhs.uk';
		const attempts = ['//evil.com', '/\\evil.com', '/\t/evil.com', '/\n\\evil.com', '/%2F/evil.com', '/ /evil.com'];
		for (const attempt of attempts) {
			expect(new URL(safeRedirectTarget(attempt), base).origin).toBe(base);
		}
	});
});

describe('requireUser', () => {
	it('returns the signed-in user', () => {
		expect(requireUser(event(member))).toBe(member);
	});

	it('sends a signed-out person to sign in, remembering where they were going', () => {
		const e = thrown(() => requireUser(event(null, 'http://localhost/chats/abc?tab=draft')));

		expect(isRedirect(e)).toBe(true);
		if (!isRedirect(e)) return;
		expect(e.status).toBe(303);
		expect(e.location).toBe('/sign-in?redirectTo=%2Fchats%2Fabc%3Ftab%3Ddraft');
		// The sign-in page will accept that target.
		const back = new URL(e.location, 'http://localhost').searchParams.get('redirectTo');
		expect(safeRedirectTarget(back)).toBe('/chats/abc?tab=draft');
	});

	it('does not add a redirectTo for the home page', () => {
		const e = thrown(() => requireUser(event(null, 'http://localhost/')));
		expect(isRedirect(e) && e.location).toBe('/sign-in');
	});
});

describe('requireAdmin', () => {
	it('returns an admin', () => {
		expect(requireAdmin(event(admin, 'http://localhost/admin/users'))).toBe(admin);
	});

	it('refuses a member with 403 and the request id to quote', () => {
		const e = thrown(() => requireAdmin(event(member, 'http://localhost/admin/users')));

		expect(isHttpError(e, 403)).toBe(true);
		if (!isHttpError(e)) return;
		expect(e.body).toEqual({ message: 'You need to be an administrator to do this', errorId: 'req-123' });
	});

	it('sends a signed-out person to sign in rather than showing 403', () => {
		const e = thrown(() => requireAdmin(event(null, 'http://localhost/admin/users')));
		expect(isRedirect(e) && e.location).toBe('/sign-in?redirectTo=%2Fadmin%2Fusers');
	});
});

describe('API guards', () => {
	it('answer 401, not a redirect, when signed out', () => {
		for (const guard of [requireApiUser, requireApiAdmin]) {
			const e = thrown(() => guard(event(null)));
			expect(isRedirect(e)).toBe(false);
			expect(isHttpError(e, 401)).toBe(true);
			expect(isHttpError(e) && e.body.errorId).toBe('req-123');
		}
	});

	it('let a member use member endpoints but not admin ones', () => {
		expect(requireApiUser(event(member))).toBe(member);
		expect(
			isHttpError(
				thrown(() => requireApiAdmin(event(member))),
				403
			)
		).toBe(true);
		expect(requireApiAdmin(event(admin))).toBe(admin);
	});
});
