/**
 * TOTP keys at rest: encrypted with SECRETS_KEY when it is set (the base32 key is not in the table),
 * legacy plaintext keys still work, the start-up sweep encrypts them in place, and without SECRETS_KEY
 * enrolment works as before (plaintext).
 */
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSecondFactor, confirmTotpEnrolment, startTotpEnrolment } from '$lib/server/auth/mfa';
import { encryptLegacyTotpKeys } from '$lib/server/auth/totp-key';
import { upsertPendingTotp } from '$lib/server/db/queries/auth';
import { createUser } from '$lib/server/db/queries/users';
import { useSecretsKey } from '$lib/server/secrets';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

const SECRETS_KEY = 'totp-test-secrets-key-0123456789abcdefghijklmn';
let testDb: TestDatabase;

beforeAll(async () => {
	testDb = await setupTestDatabase();
});

afterAll(async () => {
	useSecretsKey(undefined);
	await testDb?.teardown();
});

function code(secret: string, offset = 0): string {
	const counter = Math.floor(Date.now() / 1000 / 30) + offset;
	return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(counter), 6);
}

async function storedKey(userId: string): Promise<string> {
	const [row] = await queryRows<{ key: string }>(
		testDb.handle,
		sql`select key from user_totp where user_id = ${userId}::uuid`
	);
	return row.key;
}

async function person(email: string) {
	const u = await createUser({ email, name: 'Pat', passwordHash: 'a-password-hash' });
	return { id: u.id, email: u.email };
}

describe('TOTP keys at rest', () => {
	it('are encrypted when SECRETS_KEY is set, and codes still work', async () => {
		useSecretsKey(SECRETS_KEY);
		const user = await person('enc@nhs.net');
		const started = await startTotpEnrolment(user);
		if (!started.ok) throw new Error(started.message);
		const stored = await storedKey(user.id);
		expect(stored).toMatch(/^v1\./);
		expect(stored).not.toContain(started.secret);
		expect(await confirmTotpEnrolment(null, user.id, code(started.secret))).toMatchObject({ ok: true });
		expect(await checkSecondFactor(null, user.id, code(started.secret, 1))).toMatchObject({ ok: true, method: 'totp' });
	});

	it('cannot be used under another SECRETS_KEY (a code is refused, not accepted blindly)', async () => {
		useSecretsKey(SECRETS_KEY);
		const user = await person('other-key@nhs.net');
		const started = await startTotpEnrolment(user);
		if (!started.ok) throw new Error(started.message);
		useSecretsKey('a-different-secrets-key-for-the-totp-test-000');
		expect(await confirmTotpEnrolment(null, user.id, code(started.secret))).toMatchObject({ ok: false, status: 400 });
		useSecretsKey(SECRETS_KEY);
	});

	it('saved before SECRETS_KEY (plaintext) keep working, and the start-up sweep encrypts them in place', async () => {
		useSecretsKey(null);
		const user = await person('legacy@nhs.net');
		const started = await startTotpEnrolment(user);
		if (!started.ok) throw new Error(started.message);
		expect(await storedKey(user.id)).toBe(started.secret);
		expect(await confirmTotpEnrolment(null, user.id, code(started.secret, -1))).toMatchObject({ ok: true });

		useSecretsKey(SECRETS_KEY);
		// Still plaintext until the sweep: read as it is.
		expect(await checkSecondFactor(null, user.id, code(started.secret))).toMatchObject({ ok: true });
		expect(await encryptLegacyTotpKeys()).toBe(1);
		const stored = await storedKey(user.id);
		expect(stored).toMatch(/^v1\./);
		expect(stored).not.toContain(started.secret);
		expect(await checkSecondFactor(null, user.id, code(started.secret, 1))).toMatchObject({ ok: true });
		expect(await encryptLegacyTotpKeys()).toBe(0);
	});

	it('a pending plaintext key written directly is swept too', async () => {
		useSecretsKey(SECRETS_KEY);
		const user = await person('pending@nhs.net');
		await upsertPendingTotp(user.id, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
		expect(await encryptLegacyTotpKeys()).toBe(1);
		expect(await storedKey(user.id)).toMatch(/^v1\./);
	});
});
