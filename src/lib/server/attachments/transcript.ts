/**
 * WebVTT (.vtt, as Microsoft Teams and Zoom export) and SubRip (.srt) transcripts read into cues with
 * their start time and speaker kept, so minutes can say who said what and when. A small parser of our
 * own: the cue text's markup is stripped, `<v Speaker>` voice tags and "Speaker: text" prefixes both
 * name the speaker, and consecutive cues from one speaker are joined into one turn.
 */
export type TranscriptFormat = 'vtt' | 'srt';

export type TranscriptTurn = { start: string; speaker: string | null; text: string };

const TIME = /(?:(\d{1,2}):)?(\d{2}):(\d{2})[.,](\d{3})/;
const CUE_TIMING = new RegExp(`^\\s*${TIME.source}\\s*-->\\s*${TIME.source}`);

/** Whether the text looks like a transcript, and which kind (from the content, not the file name). */
export function sniffTranscript(text: string): TranscriptFormat | null {
	const body = text.replace(/^\uFEFF/, '');
	if (/^WEBVTT(?:[ \t][^\n]*)?\r?\n/.test(body) || body.trim() === 'WEBVTT') return 'vtt';
	if (/^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{3}/.test(body)) return 'srt';
	return null;
}

function clock(match: RegExpExecArray, offset: number): string {
	const h = Number(match[offset] ?? 0);
	const m = match[offset + 1];
	const s = match[offset + 2];
	return `${String(h).padStart(2, '0')}:${m}:${s}`;
}

function cleanCueText(lines: string[]): { speaker: string | null; text: string } {
	let speaker: string | null = null;
	const joined = lines.join(' ');
	const voice = /<v(?:\.[^ >]*)?\s+([^>]+)>/.exec(joined);
	if (voice) speaker = voice[1].trim();
	let text = joined
		.replace(/<[^>]*>/g, '')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&nbsp;/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (!speaker) {
		// "Jane Smith: text" or "JANE: text" (a short label before a colon, not a time or a sentence).
		const label = /^([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}):\s+(.+)$/.exec(text);
		if (label) {
			speaker = label[1];
			text = label[2];
		}
	}
	return { speaker, text };
}

/** The cues of a transcript, with consecutive cues from the same speaker joined. */
export function parseTranscript(text: string): TranscriptTurn[] {
	const blocks = text
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n')
		.split(/\n{2,}/);
	const turns: TranscriptTurn[] = [];
	for (const block of blocks) {
		const lines = block.split('\n').filter((l) => l.trim() !== '');
		const at = lines.findIndex((l) => CUE_TIMING.test(l));
		if (at === -1) continue; // header, NOTE, STYLE and REGION blocks
		const timing = CUE_TIMING.exec(lines[at])!;
		const { speaker, text: said } = cleanCueText(lines.slice(at + 1));
		if (!said) continue;
		const last = turns.at(-1);
		if (last && last.speaker === speaker) last.text = `${last.text} ${said}`;
		else turns.push({ start: clock(timing, 1), speaker, text: said });
	}
	return turns;
}

/** One line a turn: "[00:01:05] Jane Smith: text". */
export function transcriptLine(turn: TranscriptTurn): string {
	return `[${turn.start}] ${turn.speaker ? `${turn.speaker}: ` : ''}${turn.text}`;
}
