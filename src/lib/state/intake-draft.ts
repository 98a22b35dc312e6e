/**
 * Answers to an intake form as they are typed, kept in the tab's sessionStorage so a reload (or going
 * to another chat and back) restores them. Session storage rather than local storage or the server:
 * the personal-data guard has not checked these answers yet, and on a shared NHS computer they should
 * not outlive the tab. Cleared when the answers are sent, skipped or the edit is cancelled.
 */
export type IntakeDraft = { text: Record<string, string>; chosen: Record<string, string[]>; step: number };

const PREFIX = 'nca:intake:';

function store(): Storage | null {
	try {
		return typeof sessionStorage === 'undefined' ? null : sessionStorage;
	} catch {
		return null; // storage switched off: the form still works, it just cannot keep answers
	}
}

function isDraft(value: unknown): value is IntakeDraft {
	if (!value || typeof value !== 'object') return false;
	const v = value as IntakeDraft;
	const strings = (o: unknown) => !!o && typeof o === 'object' && Object.values(o).every((x) => typeof x === 'string');
	const lists = (o: unknown) =>
		!!o &&
		typeof o === 'object' &&
		Object.values(o).every((x) => Array.isArray(x) && x.every((y) => typeof y === 'string'));
	return strings(v.text) && lists(v.chosen) && Number.isInteger(v.step);
}

export function loadIntakeDraft(key: string): IntakeDraft | null {
	try {
		const raw = store()?.getItem(PREFIX + key);
		const value: unknown = raw ? JSON.parse(raw) : null;
		return isDraft(value) ? value : null;
	} catch {
		return null;
	}
}

export function saveIntakeDraft(key: string, draft: IntakeDraft): void {
	try {
		store()?.setItem(PREFIX + key, JSON.stringify(draft));
	} catch {
		// Full or switched off: nothing more to do.
	}
}

export function clearIntakeDraft(key: string): void {
	try {
		store()?.removeItem(PREFIX + key);
	} catch {
		// As above.
	}
}
