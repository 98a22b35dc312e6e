import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { createSecretBox, isEncryptedSecret, SecretDecryptError } from './secret-box';

const KEY = 'k9V3m1Qe2x7Lr0PzT4aB8cD6fH5jN2sW+uYo1Zq3Rt8=';
const OTHER = 'a-completely-different-secrets-key-of-some-length';

describe('secret box', () => {
	it('round-trips a value, and never stores the plaintext', () => {
		const box = createSecretBox(KEY);
		const stored = box.encrypt('sk-live-abcdef123456');
		expect(stored).not.toContain('sk-live');
		expect(isEncryptedSecret(stored)).toBe(true);
		expect(box.decrypt(stored)).toBe('sk-live-abcdef123456');
	});

	it('uses a fresh nonce each time', () => {
		const box = createSecretBox(KEY);
		expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
	});

	it('fails with another key', () => {
		const stored = createSecretBox(KEY).encrypt('sk-secret');
		expect(() => createSecretBox(OTHER).decrypt(stored)).toThrow(SecretDecryptError);
	});

	it('fails when the ciphertext, nonce or tag is altered', () => {
		const box = createSecretBox(KEY);
		const stored = box.encrypt('sk-secret-value');
		const [v, nonce, tag, body] = stored.split('.');
		const flip = (s: string) => {
			const bytes = Buffer.from(s, 'base64url');
			bytes[0] ^= 1;
			return bytes.toString('base64url');
		};
		for (const altered of [
			[v, nonce, tag, flip(body)],
			[v, flip(nonce), tag, body],
			[v, nonce, flip(tag), body]
		]) {
			expect(() => box.decrypt(altered.join('.'))).toThrow(SecretDecryptError);
		}
		expect(() => box.decrypt('sk-secret-value')).toThrow(SecretDecryptError);
	});

	it('binds a value to its context', () => {
		const box = createSecretBox(KEY);
		const stored = box.encrypt('sk-secret', 'model_connections.api_key:chat');
		expect(box.decrypt(stored, 'model_connections.api_key:chat')).toBe('sk-secret');
		expect(() => box.decrypt(stored, 'model_connections.api_key:embeddings')).toThrow(SecretDecryptError);
	});

	it('refuses a short key', () => {
		expect(() => createSecretBox('too-short')).toThrow(/at least 32 characters/);
	});
});

describe('SECRETS_KEY configuration', () => {
	it('is optional: unset means secrets cannot be stored', () => {
		expect(parseConfig({}).secrets.key).toBeUndefined();
	});

	it('accepts `openssl rand -base64 32` output', () => {
		expect(parseConfig({ SECRETS_KEY: KEY }).secrets.key).toBe(KEY);
	});

	it('explains the required format when the key is too short', () => {
		expect(() => parseConfig({ SECRETS_KEY: 'short' })).toThrow(
			/SECRETS_KEY must be a random value of at least 32 characters.*openssl rand -base64 32/
		);
	});
});

describe('the process secret box', () => {
	it('is absent when SECRETS_KEY is unset, so nothing can be stored', async () => {
		const { secretBox, useSecretsKey } = await import('./index');
		useSecretsKey(null);
		expect(secretBox()).toBeUndefined();
		useSecretsKey(KEY);
		expect(secretBox()?.decrypt(secretBox()!.encrypt('x'))).toBe('x');
		useSecretsKey(undefined);
	});
});
