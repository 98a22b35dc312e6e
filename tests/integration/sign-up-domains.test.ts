import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerAccount } from '$lib/server/auth/accounts';
import { getConfig } from '$lib/server/config';
import { countUsers } from '$lib/server/db/queries/users';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

// getConfig() reads the environment once per process and caches it; vitest gives each test file
// its own module graph, so setting the variable before the first call configures this whole file.
let testDb: TestDatabase;

beforeAll(async () => {
	vi.stubEnv('ALLOWED_EMAIL_DOMAINS', 'nhs.net, @Example.NHS.uk');
	expect(getConfig().auth.allowedEmailDomains).toEqual(['nhs.net', 'example.nhs.uk']);
	testDb = await setupTestDatabase();
});

afterAll(async () => {
	vi.unstubAllEnvs();
	await testDb?.teardown();
});

const password = 'correct horse battery staple';

describe('registerAccount with ALLOWED_EMAIL_DOMAINS', () => {
	it('refuses an address outside the allowed domains, naming the allowed ones', async () => {
		const result = await registerAccount({ name: 'Outsider', email: 'someone@gmail.com', password });

		expect(result).toEqual({
			ok: false,
			errors: { email: 'Use your work email address ending @nhs.net or @example.nhs.uk' }
		});
		expect(await countUsers()).toBe(0);
	});

	it('refuses a look-alike domain that only ends with an allowed one', async () => {
		const result = await registerAccount({ name: 'Look Alike', email: 'someone@evilnhs.net', password });
		expect(result.ok).toBe(false);
		expect(await countUsers()).toBe(0);
	});

	it('reports a bad domain and a bad password together', async () => {
		const result = await registerAccount({ name: 'Both', email: 'someone@gmail.com', password: 'short' });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(Object.keys(result.errors).sort()).toEqual(['email', 'password']);
	});

	it('accepts each allowed domain, in any case', async () => {
		const a = await registerAccount({ name: 'A', email: 'a.person@NHS.NET', password });
		const b = await registerAccount({ name: 'B', email: 'b.person@example.nhs.uk', password });

		expect(a).toMatchObject({ ok: true, user: { email: 'a.person@nhs.net' } });
		expect(b).toMatchObject({ ok: true, user: { email: 'b.person@example.nhs.uk' } });
	});

	it('lets the command line skip the domain rule when asked', async () => {
		const result = await registerAccount({
			name: 'Supplier',
			email: 'supplier@example.com',
			password,
			enforceDomains: false
		});
		expect(result).toMatchObject({ ok: true, user: { email: 'supplier@example.com' } });
	});
});
