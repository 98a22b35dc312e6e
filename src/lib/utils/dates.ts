const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longDateTime = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'UTC'
});

/** '2026-11-21' or an ISO timestamp → '21 November 2026' (NHS style). */
export function formatDate(value: string): string {
	return longDate.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value));
}

/** An ISO timestamp → '21 November 2026, 14:05' (UTC). */
export function formatDateTime(value: string): string {
	return longDateTime.format(new Date(value));
}

/** Whether a 'YYYY-MM-DD' review date is before today (UTC). */
export function isPastDate(value: string | null, now: Date = new Date()): boolean {
	return !!value && value < now.toISOString().slice(0, 10);
}
