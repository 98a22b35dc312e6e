import { describe, expect, it } from 'vitest';
import {
	hashPassword,
	PASSWORD_MAX_BYTES,
	PASSWORD_MIN_LENGTH,
	passwordProblem,
	verifyAgainstDummy,
	verifyPassword
} from './password';

describe('passwordProblem', () => {
	it('accepts a long passphrase', () => {
		expect(passwordProblem('correct horse battery staple')).toBeNull();
	});

	it('sets the minimum at 12 characters', () => {
		expect(PASSWORD_MIN_LENGTH).toBe(12);
		expect(passwordProblem('a7#kq2!mzp9x')).toBeNull();
		expect(passwordProblem('a7#kq2!mzp9')).toBe('Password must be 12 characters or more');
		expect(passwordProblem('')).toBe('Password must be 12 characters or more');
	});

	it('counts characters, not bytes or UTF-16 units, towards the minimum', () => {
		// Each emoji is 4 bytes and 2 UTF-16 units; 6 of them are still only 6 characters.
		expect(passwordProblem('🔒🌿🚑🩺📣🧭')).toBe('Password must be 12 characters or more');
		expect(passwordProblem('🔒🌿🚑🩺📣🧭🔒🌿🚑🩺📣🧭')).toBeNull();
	});

	it('refuses more than 1024 bytes, counting bytes so multi-byte text cannot slip past', () => {
		expect(PASSWORD_MAX_BYTES).toBe(1024);
		expect(passwordProblem('ab'.repeat(512))).toBeNull();
		expect(passwordProblem('ab'.repeat(512) + 'c')).toBe(
			'Password is too long. Use a shorter password (accented letters and symbols count as 2 to 4 characters)'
		);
		// 342 characters, 1,026 bytes.
		expect(passwordProblem('€'.repeat(342))).toBe(
			'Password is too long. Use a shorter password (accented letters and symbols count as 2 to 4 characters)'
		);
	});

	it.each(['password123!', 'Password123!', 'PASSWORD.NHS', 'qwerty123456', '123456789012'])(
		'refuses the common password %j',
		(password) => {
			expect(passwordProblem(password)).toBe(
				'Password is too common. Choose a longer phrase that other people would not guess'
			);
		}
	);

	it('refuses one character repeated', () => {
		expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/too common/);
		expect(passwordProblem('                ')).toMatch(/too common/);
		expect(passwordProblem('aaaaaaaaaaaaaaab')).toBeNull();
	});

	it('refuses a password containing the name part of the email address, in any case', () => {
		const context = { email: 'jane.smith@nhs.net', name: 'Jane Smith' };
		expect(passwordProblem('my Jane.Smith password', context)).toBe('Password must not contain your email address');
		expect(passwordProblem('a different long phrase', context)).toBeNull();
	});

	it('ignores very short email names, which would match too much', () => {
		expect(passwordProblem('bob is a builder today', { email: 'bob@nhs.net' })).toBeNull();
		expect(passwordProblem('robert the builder today', { email: 'rob@nhs.net' })).toBeNull();
	});
});

describe('hashing', () => {
	it('hashes with argon2id and verifies only the same password', async () => {
		const hash = await hashPassword('correct horse battery staple');

		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(hash).not.toContain('correct horse');
		expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(hash, 'correct horse battery staplE')).toBe(false);
	});

	it('salts each hash', async () => {
		const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
		expect(a).not.toBe(b);
	});

	it('treats a corrupt stored hash as a wrong password rather than crashing', async () => {
		expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
		expect(await verifyPassword('', 'anything at all')).toBe(false);
	});

	it('never accepts a password when checking against the dummy hash', async () => {
		expect(await verifyAgainstDummy('not-a-real-password-for-timing')).toBe(false);
		expect(await verifyAgainstDummy('anything')).toBe(false);
	});
});
