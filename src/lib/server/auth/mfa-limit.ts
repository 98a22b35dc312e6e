/**
 * Limits on second-factor code attempts, counted in PostgreSQL like the sign-in limits, so that wrong
 * codes spread over several instances still lock the step on all of them.
 */
import { RateLimiter, type RateLimitResult } from './rate-limit';

/** Wrong codes (authenticator or recovery) for one account, from anywhere. */
export const MFA_CODE_LIMIT = 5;
const mfaCodesByAccount = new RateLimiter('mfa-codes-by-account', MFA_CODE_LIMIT, 15 * 60_000);

/** Counts one code attempt (before the code is checked, so a burst cannot slip past) and says whether it may go on. */
export async function takeMfaAttempt(userId: string): Promise<RateLimitResult> {
	return mfaCodesByAccount.consume(userId);
}

export async function clearMfaFailures(userId: string): Promise<void> {
	await mfaCodesByAccount.reset(userId);
}
