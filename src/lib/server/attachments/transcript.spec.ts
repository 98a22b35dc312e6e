import { describe, expect, it } from 'vitest';
import { parseTranscript, sniffTranscript, transcriptLine } from './transcript';

describe('transcripts', () => {
	it('reads a Teams WebVTT file with voice tags, joining one speaker’s cues', () => {
		const vtt = [
			'WEBVTT',
			'',
			'NOTE exported from Teams',
			'',
			'1a2b-3c/12-0',
			'00:00:01.000 --> 00:00:04.500',
			'<v Jane Smith>Welcome everyone to the workshop.</v>',
			'',
			'1a2b-3c/13-0',
			'00:00:04.500 --> 00:00:06.000',
			'<v Jane Smith>Let us start with actions.</v>',
			'',
			'00:01:02.250 --> 00:01:05.000',
			'<v Sam Patel>I will draft the &amp; briefing by Friday.</v>'
		].join('\n');
		expect(sniffTranscript(vtt)).toBe('vtt');
		const turns = parseTranscript(vtt);
		expect(turns).toEqual([
			{
				start: '00:00:01',
				speaker: 'Jane Smith',
				text: 'Welcome everyone to the workshop. Let us start with actions.'
			},
			{ start: '00:01:02', speaker: 'Sam Patel', text: 'I will draft the & briefing by Friday.' }
		]);
		expect(transcriptLine(turns[1])).toBe('[00:01:02] Sam Patel: I will draft the & briefing by Friday.');
	});

	it('reads SubRip with "Speaker: text" labels and no speaker at all', () => {
		const srt =
			'1\r\n00:00:01,000 --> 00:00:02,000\r\nAMY: Hello.\r\n\r\n2\r\n00:10:00,000 --> 00:10:03,000\r\njust text here\r\n';
		expect(sniffTranscript(srt)).toBe('srt');
		expect(parseTranscript(srt)).toEqual([
			{ start: '00:00:01', speaker: 'AMY', text: 'Hello.' },
			{ start: '00:10:00', speaker: null, text: 'just text here' }
		]);
	});

	it('does not take ordinary text for a transcript', () => {
		expect(sniffTranscript('Minutes of the meeting\n\n1. Apologies')).toBeNull();
		expect(parseTranscript('WEBVTT\n\n')).toEqual([]);
	});
});
