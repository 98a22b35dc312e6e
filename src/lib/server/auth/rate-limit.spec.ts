import { describe, expect, it } from 'vitest';
import { retryMessage, signInByAccount, signInByIp, signUpByIp } from './rate-limit';

const MINUTE = 60_000;

describe('sign-in and sign-up limiters', () => {
	it('have the documented limits and separate names in the shared table', () => {
		expect([signInByIp.limit, signInByIp.windowMs]).toEqual([30, 15 * MINUTE]);
		expect([signInByAccount.limit, signInByAccount.windowMs]).toEqual([5, 15 * MINUTE]);
		expect([signUpByIp.limit, signUpByIp.windowMs]).toEqual([10, 60 * MINUTE]);
		expect(new Set([signInByIp.name, signInByAccount.name, signUpByIp.name]).size).toBe(3);
	});
});

describe('retryMessage', () => {
	it.each([
		[0, 'Too many attempts. Try again in 1 minute'],
		[1, 'Too many attempts. Try again in 1 minute'],
		[60, 'Too many attempts. Try again in 1 minute'],
		[61, 'Too many attempts. Try again in 2 minutes'],
		[900, 'Too many attempts. Try again in 15 minutes']
	])('after %i seconds says %j', (seconds, message) => {
		expect(retryMessage(seconds)).toBe(message);
	});
});
