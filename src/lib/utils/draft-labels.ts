import type { DraftVersionSummary } from '$lib/schemas/drafts';

const day = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/London'
});
const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** An ISO timestamp as "6 December 2026 at 14:05" (UK time). */
export function versionDate(iso: string): string {
	const d = new Date(iso);
	return `${day.format(d)} at ${time.format(d)}`;
}

/** Where a version came from, in words: "AI edit: plainer English", "Restored version 2". */
export function sourceLabel(v: Pick<DraftVersionSummary, 'source' | 'note'>): string {
	switch (v.source) {
		case 'created':
			return 'Created';
		case 'edited':
			return 'Edited';
		case 'ai_edit':
			return v.note ? `AI edit: ${v.note}` : 'AI edit';
		case 'restored':
			return v.note ?? 'Restored';
		default:
			return 'Saved';
	}
}

/** Characters as platforms count them (an emoji is one, not two UTF-16 units). */
export function postLength(text: string): number {
	return [...text].length;
}
