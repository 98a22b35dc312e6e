import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import * as password from '$lib/server/auth/password';
import { checkCredentials, registerAccount } from '$lib/server/auth/accounts';
import { countAdmins, countUsers, createUser, findUserByEmail, listUsers } from '$lib/server/db/queries/users';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

// Wraps the real hashPassword so a test can tell whether registration reached the hashing step.
vi.mock('$lib/server/auth/password', async (importOriginal) => {
	const actual = await importOriginal<typeof import('$lib/server/auth/password')>();
	return { ...actual, hashPassword: vi.fn(actual.hashPassword) };
});

const goodPassword = 'correct horse battery staple';
let testDb: TestDatabase;

beforeAll(async () => {
	// A developer's .env may restrict domains; these tests are about everything else (see sign-up-domains).
	vi.stubEnv('ALLOWED_EMAIL_DOMAINS', '');
	testDb = await setupTestDatabase();
});

afterAll(async () => {
	vi.unstubAllEnvs();
	await testDb?.teardown();
});

beforeEach(async () => {
	// Each test starts with no accounts, so "first account" behaviour is testable anywhere in the file.
	await queryRows(testDb.handle, sql`delete from users`);
	vi.mocked(password.hashPassword).mockClear();
});

function signUp(email: string, name = 'Test Person', pw = goodPassword) {
	return registerAccount({ name, email, password: pw });
}

describe('registerAccount', () => {
	it('makes the first account an admin and later ones members', async () => {
		const first = await signUp('first@nhs.net');
		const second = await signUp('second@nhs.net');
		const third = await signUp('third@nhs.net', 'Third', 'another long passphrase');

		expect(first).toMatchObject({ ok: true, user: { email: 'first@nhs.net', role: 'admin' } });
		expect(second).toMatchObject({ ok: true, user: { email: 'second@nhs.net', role: 'member' } });
		expect(third).toMatchObject({ ok: true, user: { role: 'member' } });
		expect(await countUsers()).toBe(3);
		expect(await countAdmins()).toBe(1);
	});

	it('gives exactly one admin when several first sign-ups arrive together', async () => {
		const results = await Promise.all(
			['a', 'b', 'c', 'd'].map((n) => signUp(`${n}.concurrent@nhs.net`, `Person ${n}`))
		);

		expect(results.every((r) => r.ok)).toBe(true);
		const users = await listUsers();
		expect(users).toHaveLength(4);
		expect(users.filter((u) => u.role === 'admin')).toHaveLength(1);
	});

	it('gives exactly one admin when first accounts are created at the same instant', async () => {
		// Without hashing in between, these transactions really do overlap on PostgreSQL's connection pool.
		const created = await Promise.all(
			Array.from({ length: 8 }, (_, i) =>
				createUser({ email: `instant${i}@nhs.net`, name: `Instant ${i}`, passwordHash: 'not-a-hash' })
			)
		);

		expect(created.filter((u) => u.role === 'admin')).toHaveLength(1);
		expect(await countAdmins()).toBe(1);
		expect(await countUsers()).toBe(8);
	});

	it('makes the first account an admin even when the member role is asked for', async () => {
		// Otherwise a fresh install could end up with no administrator at all.
		const first = await registerAccount({
			name: 'First',
			email: 'only@nhs.net',
			password: goodPassword,
			role: 'member'
		});
		expect(first).toMatchObject({ ok: true, user: { role: 'admin' } });
	});

	it('stores email addresses lower-cased and treats them case-insensitively', async () => {
		const first = await signUp('Foo@X.nhs.net');
		expect(first).toMatchObject({ ok: true, user: { email: 'foo@x.nhs.net' } });

		const second = await signUp('foo@x.nhs.net', 'Someone Else');
		expect(second.ok).toBe(false);
		if (second.ok) return;
		expect(second.errors.email).toMatch(/already exists/);
		expect(second.errors.password).toBeUndefined();
		expect(await countUsers()).toBe(1);
	});

	it('refuses the second of two simultaneous sign-ups with the same address in different case', async () => {
		const results = await Promise.all([signUp('Race@nhs.net', 'One'), signUp('race@NHS.NET', 'Two')]);

		expect(results.filter((r) => r.ok)).toHaveLength(1);
		const refused = results.find((r) => !r.ok);
		expect(refused && !refused.ok && refused.errors.email).toMatch(/already exists/);
		expect(await countUsers()).toBe(1);
	});

	it.each([
		['too short', 'short pass', /12 characters or more/],
		['common', 'password123!', /too common/],
		['common, other case', 'PASSWORD123!', /too common/],
		['one repeated character', 'zzzzzzzzzzzzzz', /too common/],
		['containing the email name', 'my janedoe password', /must not contain your email address/]
	])('rejects a %s password without creating an account', async (_label, pw, message) => {
		const result = await registerAccount({ name: 'Jane Doe', email: 'janedoe@nhs.net', password: pw });

		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.password).toMatch(message);
		expect(result.errors.email).toBeUndefined();
		expect(password.hashPassword).not.toHaveBeenCalled();
		expect(await findUserByEmail('janedoe@nhs.net')).toBeUndefined();
	});

	it('rejects a password over 1024 bytes before hashing it, and quickly', async () => {
		// 400 characters but 1,200 bytes: the limit is on bytes, which is what the hash has to read.
		const huge = '€'.repeat(400);
		const started = performance.now();
		const result = await signUp('long@nhs.net', 'Long', huge);
		const elapsed = performance.now() - started;

		expect(result).toEqual({
			ok: false,
			errors: {
				password:
					'Password is too long. Use a shorter password (accented letters and symbols count as 2 to 4 characters)'
			}
		});
		expect(password.hashPassword).not.toHaveBeenCalled();

		const hashStarted = performance.now();
		await password.hashPassword(goodPassword);
		const oneHash = performance.now() - hashStarted;
		expect(elapsed).toBeLessThan(oneHash);
	});

	it('accepts a password of exactly 1024 bytes', async () => {
		const result = await signUp('edge@nhs.net', 'Edge', 'x1'.repeat(512));
		expect(result).toMatchObject({ ok: true });
		expect(password.hashPassword).toHaveBeenCalledTimes(1);
	});
});

describe('checkCredentials', () => {
	beforeEach(async () => {
		await signUp('Known.Person@nhs.net', 'Known Person');
	});

	it('returns the account, without its password hash, for the right email and password', async () => {
		const user = await checkCredentials('known.person@nhs.net', goodPassword);
		expect(user).toMatchObject({ email: 'known.person@nhs.net', name: 'Known Person', role: 'admin' });
		expect(user).not.toHaveProperty('passwordHash');
	});

	it('matches the email address in any case', async () => {
		expect(await checkCredentials('KNOWN.PERSON@NHS.NET', goodPassword)).toMatchObject({
			email: 'known.person@nhs.net'
		});
	});

	it('returns null for a wrong password', async () => {
		expect(await checkCredentials('known.person@nhs.net', `${goodPassword}!`)).toBeNull();
		expect(await checkCredentials('known.person@nhs.net', '')).toBeNull();
	});

	it('returns null for an unknown email address', async () => {
		expect(await checkCredentials('nobody@nhs.net', goodPassword)).toBeNull();
	});

	it('never stores the password itself', async () => {
		const row = await findUserByEmail('known.person@nhs.net');
		expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
		expect(row?.passwordHash).not.toContain(goodPassword);
	});
});
