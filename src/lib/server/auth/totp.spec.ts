import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, matchingCounter, newRecoveryCodes, newTotpKey, totpUri } from './totp';

describe('TOTP', () => {
	it('accepts the current code and names its time step', () => {
		const { secret } = newTotpKey();
		const code = generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
		expect(matchingCounter(secret, code)).toBe(Math.floor(Date.now() / 30_000));
	});
	it('accepts one step of clock drift but not two', () => {
		const { secret } = newTotpKey();
		const code = generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
		expect(matchingCounter(secret, code, Date.now() + 30_000)).not.toBeNull();
		expect(matchingCounter(secret, code, Date.now() + 95_000)).toBeNull();
	});
	it('refuses other input', () => {
		const { secret } = newTotpKey();
		expect(matchingCounter(secret, '')).toBeNull();
		expect(matchingCounter(secret, '12345a')).toBeNull();
	});
	it('writes an otpauth URI that apps read', () => {
		expect(totpUri('JBSWY3DPEHPK3PXP', 'jo@nhs.net')).toMatch(
			/^otpauth:\/\/totp\/NHS%20Comms%20Assist:jo%40nhs\.net\?/
		);
	});
});

describe('recovery codes', () => {
	it('makes ten different codes that hash the same however they are typed', () => {
		const codes = newRecoveryCodes();
		expect(new Set(codes).size).toBe(10);
		expect(codes[0]).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
		expect(hashRecoveryCode(codes[0].toUpperCase().replaceAll('-', ' '))).toBe(hashRecoveryCode(codes[0]));
	});
});
