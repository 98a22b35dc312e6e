/**
 * The personal-data guard on the server: runs before any text reaches a model. It uses the same rules
 * as the browser (lib/governance/personal-data.ts) with the organisation's settings, and records what
 * it found as kinds and counts only: the detected text is never stored or logged.
 */
import { countByKind, describeCounts, findPersonalData } from '$lib/governance/personal-data';
import type { GuardConfig, GuardRejection, SendAnyway } from '$lib/schemas/personal-data';
import type { SessionUser } from '$lib/schemas/user';
import { insertGuardEvent } from '../db/queries/guard';
import { getSetting } from '../governance/settings';

/** The guard's settings, for the browser to run the same rules as the person types. */
export async function guardConfig(): Promise<GuardConfig> {
	const [mode, hospitalNumberPattern] = await Promise.all([
		getSetting('guard.mode'),
		getSetting('guard.hospitalNumberPattern')
	]);
	return { mode, hospitalNumberPattern };
}

export type OutgoingCheck = { ok: true; sentAnyway: boolean } | { ok: false; status: 422; body: GuardRejection };

/**
 * Checks text on its way to a model. Clean text passes. With personal data in it: in `warn` mode it
 * passes only with a `send_anyway` acknowledgement and a reason (recorded as `sent_anyway`), otherwise
 * it is held back with a 422 body listing the findings (recorded as `warned`); in `block` mode it is
 * always held back (recorded as `blocked`).
 */
export async function checkOutgoingText(
	user: Pick<SessionUser, 'id'>,
	text: string,
	acknowledgement?: SendAnyway | null
): Promise<OutgoingCheck> {
	const config = await guardConfig();
	const findings = findPersonalData(text, { hospitalNumberPattern: config.hospitalNumberPattern });
	if (findings.length === 0) return { ok: true, sentAnyway: false };
	const counts = countByKind(findings) as Record<string, number>;
	const what = describeCounts(counts);
	if (config.mode === 'warn' && acknowledgement?.action === 'send_anyway' && acknowledgement.reason.trim()) {
		await insertGuardEvent({ userId: user.id, counts, action: 'sent_anyway', reason: acknowledgement.reason.trim() });
		return { ok: true, sentAnyway: true };
	}
	const blocked = config.mode === 'block';
	await insertGuardEvent({ userId: user.id, counts, action: blocked ? 'blocked' : 'warned' });
	return {
		ok: false,
		status: 422,
		body: {
			message: blocked
				? `Your message was not sent because it looks like it contains personal data (${what}). Remove it or replace it with placeholders, then send again.`
				: `Your message looks like it contains personal data (${what}). Replace it with placeholders, edit your message, or send anyway with a reason.`,
			findings,
			mode: config.mode
		}
	};
}
