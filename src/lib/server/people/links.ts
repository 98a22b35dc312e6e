/** One-time links: random tokens handed out once; only their SHA-256 is stored. */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

const TOKEN_PATTERN = /^[a-z2-7]{52}$/;

/** 256 bits of randomness, URL-safe. */
export function generateLinkToken(): string {
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored form of a token; null for anything that cannot be one of ours (so no lookup happens). */
export function hashLinkToken(token: string): string | null {
	if (!TOKEN_PATTERN.test(token)) return null;
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
