/**
 * The acceptable-use statement: the first text written at start-up, publishing new versions, recording
 * acceptances, and the per-request question "has this person accepted the current version?", answered
 * from memory so that the request guard stays cheap.
 */
import { sharedCache } from '../cluster/caches';
import {
	findLatestAcceptableUse,
	findLatestAcceptedVersion,
	insertAcceptableUseIfNone,
	insertAcceptableUseVersion,
	insertAcceptance,
	type AcceptableUseVersionRow
} from '../db/queries/acceptable-use';

/** The statement every new installation starts with; admins change it under Admin › Settings. */
export const DEFAULT_ACCEPTABLE_USE = `NHS Comms Assist is an AI drafting tool for NHS communications staff. By using it you agree to the following.

1. Do not enter patient-identifiable or other personal data. No names, NHS numbers, hospital numbers, dates of birth, addresses, phone numbers or email addresses of patients, service users or members of the public. Use placeholders such as [patient name] instead. The personal-data check will warn you, but it cannot catch everything: you remain responsible for what you enter.

2. A person reviews every draft. Everything the AI produces is a draft. Check it for accuracy, tone, empathy and NHS style before use, and get clinical or senior sign-off where your local process requires it, especially for bereavement, complaints, safeguarding, crisis or clinical topics.

3. Be open about AI use. Say when AI helped to draft content where your organisation's policy asks you to, for example with the AI-use disclosure statement offered when you copy or export.

4. Follow your local information governance policy. This tool does not replace your organisation's policies on information governance, records management, social media or media handling.

5. What is recorded. Your chats, the model and prompt versions used, the guidance cited and your feedback are stored so that your work can be retrieved for records management and Freedom of Information requests. Chats are deleted automatically after the retention period your organisation sets. Administrators can see an audit log of actions such as sign-ins, settings changes and acceptance of this statement; it records kinds and counts, not the text you write.`;

/** How long a process trusts its copy of the current version: other servers sharing the database may publish. */
const CURRENT_TTL_MS = 30_000;
/** People known to have accepted a version: user id → highest version. Bounded; cleared when full. */
const MAX_KNOWN = 10_000;

let current: { version: number | null; readAt: number } | null = null;
const accepted = new Map<string, number>();

/**
 * Forgets the cached current version, on every instance (after a publish, or in tests that change the
 * table directly).
 */
export const invalidateAcceptableUseCache: () => void = sharedCache('acceptable-use', () => {
	current = null;
	accepted.clear();
});

/** The current version number, or null when no statement exists (then nobody is asked to accept). */
export async function currentAcceptableUseVersion(now = Date.now()): Promise<number | null> {
	if (current && now - current.readAt < CURRENT_TTL_MS) return current.version;
	const latest = await findLatestAcceptableUse();
	current = { version: latest?.version ?? null, readAt: now };
	return current.version;
}

function remember(userId: string, version: number): void {
	if (accepted.size >= MAX_KNOWN) accepted.clear();
	if ((accepted.get(userId) ?? 0) < version) accepted.set(userId, version);
}

/**
 * The version this person still has to accept, or null when they are up to date (or there is no
 * statement). Only "has accepted" is cached: someone who has not accepted is asked the database each time.
 */
export async function pendingAcceptableUseVersion(userId: string): Promise<number | null> {
	const version = await currentAcceptableUseVersion();
	if (version === null) return null;
	if ((accepted.get(userId) ?? 0) >= version) return null;
	const latest = await findLatestAcceptedVersion(userId);
	if (latest >= version) {
		remember(userId, latest);
		return null;
	}
	return version;
}

/** Writes the default statement when there is none (at start-up). True when it wrote. */
export async function seedAcceptableUseIfNone(): Promise<boolean> {
	const wrote = await insertAcceptableUseIfNone(DEFAULT_ACCEPTABLE_USE);
	if (wrote) invalidateAcceptableUseCache();
	return wrote;
}

/**
 * Publishes a new text as the next version; everyone is asked to accept it, except the admin who
 * published it (writing it is reading it), whose acceptance is recorded at the same time.
 * `text` must already be validated.
 */
export async function publishAcceptableUse(text: string, userId: string | null): Promise<AcceptableUseVersionRow> {
	const row = await insertAcceptableUseVersion(text, userId);
	// The other instances ask the database again at once, rather than when their copy expires.
	invalidateAcceptableUseCache();
	current = { version: row.version, readAt: Date.now() };
	if (userId) {
		await insertAcceptance(userId, row.version);
		remember(userId, row.version);
	}
	return row;
}

export type AcceptResult =
	{ ok: true; version: number } | { ok: false; reason: 'none' | 'stale'; current: number | null };

/** Records acceptance of `version`, which must be the current one (a newer text may have been published meanwhile). */
export async function acceptAcceptableUse(userId: string, version: number): Promise<AcceptResult> {
	current = null; // always check against the database here: this is where a stale copy would do harm
	const latest = await currentAcceptableUseVersion();
	if (latest === null) return { ok: false, reason: 'none', current: null };
	if (version !== latest) return { ok: false, reason: 'stale', current: latest };
	await insertAcceptance(userId, version);
	remember(userId, version);
	return { ok: true, version };
}

export { findLatestAcceptableUse };
