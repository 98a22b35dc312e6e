/**
 * Encryption at rest for secrets the service must read back (model API keys, TOTP secrets): AES-256-GCM
 * with a key derived from SECRETS_KEY by HKDF-SHA256. Each value gets a fresh 96-bit nonce; the GCM tag
 * makes a wrong key or altered text fail loudly instead of decrypting to rubbish. An optional `context`
 * (authenticated, not stored) ties a ciphertext to its place, so it cannot be copied to another row.
 *
 * Stored form: `v1.<nonce>.<tag>.<ciphertext>`, each part base64url.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const SALT = 'nhs-comms-assist/secrets';
const INFO = 'aes-256-gcm v1';

/** The shortest SECRETS_KEY accepted: `openssl rand -base64 32` gives 44 characters. */
export const SECRETS_KEY_MIN_LENGTH = 32;

/** A value could not be decrypted: a different SECRETS_KEY, or the stored text was altered. */
export class SecretDecryptError extends Error {
	constructor(message = 'The stored secret could not be decrypted with the current SECRETS_KEY.') {
		super(message);
		this.name = 'SecretDecryptError';
	}
}

export type SecretBox = {
	encrypt(plain: string, context?: string): string;
	decrypt(stored: string, context?: string): string;
};

/** Whether a stored value is in this module's format (anything else is a legacy plaintext value). */
export function isEncryptedSecret(stored: string): boolean {
	return /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/.test(stored);
}

/** A box for one SECRETS_KEY; throws when the key is too short to be a real secret. */
export function createSecretBox(secretsKey: string): SecretBox {
	if (secretsKey.length < SECRETS_KEY_MIN_LENGTH) {
		throw new Error(`SECRETS_KEY must be at least ${SECRETS_KEY_MIN_LENGTH} characters`);
	}
	const key = Buffer.from(hkdfSync('sha256', Buffer.from(secretsKey, 'utf8'), SALT, INFO, 32));
	return {
		encrypt(plain, context = '') {
			const nonce = randomBytes(12);
			const cipher = createCipheriv('aes-256-gcm', key, nonce);
			cipher.setAAD(Buffer.from(context, 'utf8'));
			const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
			const parts = [nonce, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
			return [VERSION, ...parts].join('.');
		},
		decrypt(stored, context = '') {
			if (!isEncryptedSecret(stored)) throw new SecretDecryptError('The stored secret is not in a known format.');
			const [, nonce, tag, body] = stored.split('.').map((p) => Buffer.from(p, 'base64url'));
			try {
				const decipher = createDecipheriv('aes-256-gcm', key, nonce);
				decipher.setAAD(Buffer.from(context, 'utf8'));
				decipher.setAuthTag(tag);
				return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
			} catch {
				throw new SecretDecryptError();
			}
		}
	};
}
