/**
 * The personal-data guard on the server: runs before any text reaches a model. It uses the same rules
 * as the browser (lib/governance/personal-data.ts) with the organisation's settings, and records what
 * it found as kinds and counts only: the detected text is never stored or logged.
 */
import {
	countByKind,
	describeCounts,
	findPersonalData,
	replaceWithPlaceholders,
	type PersonalDataFinding
} from '$lib/governance/personal-data';
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
	const reason = acknowledgement?.action === 'send_anyway' ? acknowledgement.reason.trim() : '';
	if (config.mode === 'warn' && reason) {
		await insertGuardEvent({
			userId: user.id,
			counts,
			action: 'sent_anyway',
			reason: redactReason(reason, config.hospitalNumberPattern)
		});
		return { ok: true, sentAnyway: true };
	}
	return holdBack(user, findings, config.mode);
}

/**
 * Checks text that is sent to a model again without the person typing it, such as the stored question
 * when an answer is regenerated. That text passed the guard when it was first sent (perhaps sent anyway
 * with a reason), so in `warn` mode it goes again without a new warning or event; in `block` mode it is
 * held back (recorded as `blocked`) if it has personal data in it, for instance because an admin made
 * the guard blocking since.
 */
export async function checkResentText(user: Pick<SessionUser, 'id'>, text: string): Promise<OutgoingCheck> {
	const config = await guardConfig();
	if (config.mode === 'warn') return { ok: true, sentAnyway: false };
	const findings = findPersonalData(text, { hospitalNumberPattern: config.hospitalNumberPattern });
	if (findings.length === 0) return { ok: true, sentAnyway: false };
	return holdBack(user, findings, config.mode);
}

/** Records the warning (`warned`) or block (`blocked`) and builds the 422 body. */
async function holdBack(
	user: Pick<SessionUser, 'id'>,
	findings: PersonalDataFinding[],
	mode: GuardConfig['mode']
): Promise<OutgoingCheck> {
	const counts = countByKind(findings) as Record<string, number>;
	const what = describeCounts(counts);
	const blocked = mode === 'block';
	await insertGuardEvent({ userId: user.id, counts, action: blocked ? 'blocked' : 'warned' });
	return {
		ok: false,
		status: 422,
		body: {
			message: blocked
				? `Your message was not sent because it looks like it contains personal data (${what}). Remove it or replace it with placeholders, then send again.`
				: `Your message looks like it contains personal data (${what}). Replace it with placeholders, edit your message, or send anyway with a reason.`,
			findings,
			mode
		}
	};
}

/**
 * The "send anyway" reason as it may be stored: people sometimes explain themselves with the very data
 * ("NHS number 943 476 5919 is needed for…"), so anything the guard finds in it becomes a placeholder.
 */
export function redactReason(reason: string, hospitalNumberPattern: string | null): string {
	return replaceWithPlaceholders(reason, findPersonalData(reason, { hospitalNumberPattern }));
}
