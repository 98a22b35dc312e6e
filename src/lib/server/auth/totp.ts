/** RFC 6238 codes with @oslojs/otp, recovery codes, and their encodings. */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import {
	decodeBase32IgnorePadding,
	encodeBase32LowerCaseNoPadding,
	encodeBase32UpperCaseNoPadding,
	encodeHexLowerCase
} from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'NHS Comms Assist';

export function newTotpKey(): { stored: string; secret: string } {
	const key = new Uint8Array(20);
	crypto.getRandomValues(key);
	const secret = encodeBase32UpperCaseNoPadding(key);
	return { stored: secret, secret };
}

export function totpUri(secret: string, accountName: string): string {
	return createTOTPKeyURI(ISSUER, accountName, decodeBase32IgnorePadding(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The time step a six-digit code belongs to (this one, or the one before or after for clock drift); null when none. */
export function matchingCounter(secret: string, code: string, now = Date.now()): number | null {
	if (!/^\d{6}$/.test(code)) return null;
	const key = decodeBase32IgnorePadding(secret);
	const current = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
	const given = new TextEncoder().encode(code);
	for (const counter of [current - 1, current, current + 1]) {
		const expected = new TextEncoder().encode(generateHOTP(key, BigInt(counter), TOTP_DIGITS));
		if (constantTimeEqual(expected, given)) return counter;
	}
	return null;
}

/** Digits only, spaces and dashes that authenticator apps show removed. */
export function normaliseCode(input: string): string {
	return input.replace(/[\s-]/g, '').toLowerCase();
}

/** Ten codes like `k3m9-x2qa-7bfe-pw4d` (80 random bits each). */
export function newRecoveryCodes(): string[] {
	return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
		const bytes = new Uint8Array(10);
		crypto.getRandomValues(bytes);
		return encodeBase32LowerCaseNoPadding(bytes).match(/.{4}/g)!.join('-');
	});
}

export function hashRecoveryCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseCode(code))));
}
