/**
 * Limits on second-factor code attempts. Behind these three functions so the counting can move to
 * PostgreSQL (shared by every instance) without touching the callers.
 */
import { RateLimiter, type RateLimitResult } from './rate-limit';

/** Wrong codes (authenticator or recovery) for one account, from anywhere. */
export const MFA_CODE_LIMIT = 5;
const mfaCodesByAccount = new RateLimiter(MFA_CODE_LIMIT, 15 * 60_000);

export async function mfaAttemptAllowed(userId: string): Promise<RateLimitResult> {
	return mfaCodesByAccount.check(`mfa:${userId}`);
}

export async function recordMfaFailure(userId: string): Promise<void> {
	mfaCodesByAccount.hit(`mfa:${userId}`);
}

export async function clearMfaFailures(userId: string): Promise<void> {
	mfaCodesByAccount.reset(`mfa:${userId}`);
}
