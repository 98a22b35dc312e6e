import { describe, expect, it } from 'vitest';
import {
	cutAtWord,
	fallbackTitle,
	FALLBACK_TITLE_CHARS,
	MODEL_TITLE_CHARS,
	stripCitationMarkers,
	tidyModelTitle
} from './title-text';

describe('stripCitationMarkers', () => {
	it('removes the markers answers use, leaving the words and no doubled spaces', () => {
		expect(stripCitationMarkers('Flu clinics [1] open in March [2, 3].')).toBe('Flu clinics open in March.');
		expect(stripCitationMarkers('Visiting [^1] times [2-4]')).toBe('Visiting times');
		expect(stripCitationMarkers('Winter plan【3†source】 update')).toBe('Winter plan update');
		expect(stripCitationMarkers('Midday or 12pm [1], [2].')).toBe('Midday or 12pm.');
		expect(stripCitationMarkers('Midday [1],')).toBe('Midday');
	});

	it('keeps Markdown links and numbers that are not markers', () => {
		expect(stripCitationMarkers('See [the guide](https://example.org) for 2026')).toBe(
			'See [the guide](https://example.org) for 2026'
		);
		expect(stripCitationMarkers('Plans for [2026]')).toBe('Plans for [2026]');
	});
});

describe('cutAtWord', () => {
	it('leaves short text alone', () => {
		expect(cutAtWord('Flu vaccination poster', 40)).toBe('Flu vaccination poster');
	});

	it('cuts after a whole word and adds an ellipsis', () => {
		const cut = cutAtWord('Announcing the new community diagnostic centre opening', 30);
		expect(cut).toBe('Announcing the new community…');
		expect(cut.length).toBeLessThanOrEqual(30);
	});

	it('does not leave a dangling comma or dash before the ellipsis', () => {
		expect(cutAtWord('Opening times, parking and access for visitors', 16)).toBe('Opening times…');
	});

	it('cuts a single very long word rather than returning nothing', () => {
		expect(cutAtWord('Supercalifragilisticexpialidocious', 10)).toBe('Supercali…');
	});
});

describe('fallbackTitle (the first words of the question)', () => {
	it('drops citation markers', () => {
		expect(fallbackTitle('Rewrite [1] for patients [2]')).toBe('Rewrite for patients');
	});

	it('takes the first eight words and marks the cut', () => {
		expect(fallbackTitle('Write a press release about our new community diagnostic centre in Leeds')).toBe(
			'Write a press release about our new community…'
		);
	});

	it('never cuts inside a word', () => {
		const title = fallbackTitle('Extraordinarily comprehensive multidisciplinary neurodevelopmental reassessment');
		expect(title.length).toBeLessThanOrEqual(FALLBACK_TITLE_CHARS);
		expect(title.endsWith('…')).toBe(true);
		const kept = title.slice(0, -1).split(' ');
		for (const word of kept)
			expect('Extraordinarily comprehensive multidisciplinary neurodevelopmental').toContain(word);
		expect(title).not.toMatch(/\s…$/);
	});

	it('joins lines and spaces', () => {
		expect(fallbackTitle('  Flu\n\nclinic   times ')).toBe('Flu clinic times');
	});
});

describe('tidyModelTitle', () => {
	it('takes the first line without a label, quotes, markers or a full stop', () => {
		expect(tidyModelTitle('Title: "Flu clinic dates [1]."\nMore text')).toBe('Flu clinic dates');
		expect(tidyModelTitle('**Winter pressures update** [2, 3]')).toBe('Winter pressures update');
	});

	it('cuts a long title at a word boundary with an ellipsis', () => {
		const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
		const title = tidyModelTitle(long);
		expect(title.length).toBeLessThanOrEqual(MODEL_TITLE_CHARS);
		expect(title).toMatch(/ word\d+…$/);
	});
});
