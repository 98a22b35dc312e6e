/**
 * "Check my text" keeps the text and its undo history in this browser tab (sessionStorage), so a reload or
 * a slip never loses what was typed. Nothing is sent anywhere; closing the tab clears it.
 */
const KEY = 'nca:check-my-text';
const MAX_HISTORY = 20;

export type StoredCheck = { text: string; history: string[] };

/** The stored text and history, or null when there is none or it cannot be read. */
export function loadStoredCheck(): StoredCheck | null {
	try {
		const raw = sessionStorage.getItem(KEY);
		if (!raw) return null;
		const value = JSON.parse(raw) as Partial<StoredCheck>;
		if (typeof value.text !== 'string' || !Array.isArray(value.history)) return null;
		return { text: value.text, history: value.history.filter((h) => typeof h === 'string').slice(-MAX_HISTORY) };
	} catch {
		return null;
	}
}

/** Stores the text and the last few versions before it (a full or blocked storage is not an error). */
export function storeCheck(value: StoredCheck): void {
	try {
		sessionStorage.setItem(KEY, JSON.stringify({ text: value.text, history: value.history.slice(-MAX_HISTORY) }));
	} catch {
		// Private browsing or a full quota: the text is still on the page.
	}
}
