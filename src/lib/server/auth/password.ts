import { hash, verify } from '@node-rs/argon2';
import { commonPasswords } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
/** Longer input is refused before hashing so that nobody can make the server hash megabytes. */
export const PASSWORD_MAX_BYTES = 1024;

// OWASP's argon2id recommendation (19 MiB, 2 iterations, 1 lane).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** Why a new password is not acceptable, as a message a person can act on; null when it is fine. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}) {
	if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
		return 'Password is too long. Use a shorter password (accented letters and symbols count as 2 to 4 characters)';
	}
	if ([...password].length < PASSWORD_MIN_LENGTH) {
		return `Password must be ${PASSWORD_MIN_LENGTH} characters or more`;
	}
	const lower = password.toLowerCase();
	if (commonPasswords.has(lower) || /^(.)\1+$/.test(password)) {
		return 'Password is too common. Choose a longer phrase that other people would not guess';
	}
	const emailName = context.email?.split('@')[0]?.toLowerCase();
	if (emailName && emailName.length >= 4 && lower.includes(emailName)) {
		return 'Password must not contain your email address';
	}
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so an unknown email cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('not-a-real-password-for-timing');
	await verifyPassword(await dummyHash, password);
	return false;
}
