/**
 * The personal-data guard's API: request bodies and what the server answers. Shared by the server and
 * the browser, so nothing here imports server code.
 */
import { z } from 'zod';
import { PERSONAL_DATA_KINDS, type PersonalDataFinding } from '$lib/governance/personal-data';

/** Longest text `POST /api/check/personal-data` accepts, in characters (about 15,000 words). */
export const MAX_CHECK_CHARS = 100_000;
export const MAX_SEND_ANYWAY_REASON_CHARS = 500;

export const GUARD_MODES = ['warn', 'block'] as const;
export type GuardMode = (typeof GUARD_MODES)[number];

/** What a person did about a warning; `sent_anyway` is only ever recorded by the server as it sends. */
export const GUARD_ACTIONS = ['warned', 'replaced', 'sent_anyway', 'blocked'] as const;
export type GuardAction = (typeof GUARD_ACTIONS)[number];

export const checkPersonalDataSchema = z.object({
	text: z
		.string({ error: 'text must be a string' })
		.max(
			MAX_CHECK_CHARS,
			`The text is too long to check. Check up to ${MAX_CHECK_CHARS.toLocaleString('en-GB')} characters at a time.`
		)
});

/** Sending a message that has personal data in it, on purpose: only allowed when the guard warns. */
export const sendAnywaySchema = z.object({
	action: z.literal('send_anyway', { error: 'personalData.action must be "send_anyway"' }),
	reason: z
		.string({ error: 'Enter why you need to send this personal data' })
		.trim()
		.min(1, 'Enter why you need to send this personal data')
		.max(
			MAX_SEND_ANYWAY_REASON_CHARS,
			`The reason must be ${MAX_SEND_ANYWAY_REASON_CHARS.toLocaleString('en-GB')} characters or fewer`
		)
});
export type SendAnyway = z.infer<typeof sendAnywaySchema>;

/**
 * Most of one kind the browser may report in one event, so the dashboard's figures cannot be inflated
 * wildly by hand-made requests (the browser reports more than this as this many).
 */
export const MAX_EVENT_COUNT = 100;

const counts = z
	.partialRecord(
		z.enum(PERSONAL_DATA_KINDS, { error: 'counts must be keyed by kind' }),
		z
			.number({ error: 'Each count must be a whole number from 1 to 100' })
			.int('Each count must be a whole number from 1 to 100')
			.min(1, 'Each count must be a whole number from 1 to 100')
			.max(MAX_EVENT_COUNT, `Each count must be ${MAX_EVENT_COUNT} or fewer`)
	)
	.refine((c) => Object.keys(c).length > 0, 'counts must have at least one kind');

/** What the browser records: kinds and counts only, never the text. */
export const guardEventSchema = z.object({
	action: z.enum(['warned', 'replaced', 'blocked'], { error: 'action must be warned, replaced or blocked' }),
	counts
});

/** Counts as the browser reports them: each at most MAX_EVENT_COUNT. */
export function cappedCounts(counts: Partial<Record<string, number>>): Record<string, number> {
	return Object.fromEntries(Object.entries(counts).map(([kind, n]) => [kind, Math.min(n ?? 0, MAX_EVENT_COUNT)]));
}

/** The guard's settings as the browser needs them to run the same rules. */
export type GuardConfig = { mode: GuardMode; hospitalNumberPattern: string };

/** The 422 body when a message is held back because of personal data. */
export type GuardRejection = {
	message: string;
	findings: PersonalDataFinding[];
	mode: GuardMode;
	errorId?: string;
};
