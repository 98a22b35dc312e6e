import { describe, expect, it } from 'vitest';
import { applyToSpan, draftTitle, numberFindings, suggestedReplacement, textRuns } from './check-text';

const finding = (start: number, end: number, extra: Partial<{ category: string; suggestion: string }> = {}) => ({
	ruleId: 'r',
	category: extra.category ?? 'inclusive',
	start,
	end,
	message: 'Why',
	suggestion: extra.suggestion ?? 'x',
	source: null
});

describe('applyToSpan', () => {
	const text = 'Elderly people and diabetics can get the vaccine.';
	it('changes only the span, and moves the findings after it', () => {
		const elderly = finding(0, 7);
		const diabetics = finding(19, 28);
		const out = applyToSpan(text, [elderly, diabetics], elderly, 'Adults aged 65 and over');
		expect(out.text).toBe('Adults aged 65 and over people and diabetics can get the vaccine.');
		expect(out.text.slice(23)).toBe(text.slice(7));
		expect(out.findings).toHaveLength(1);
		expect(out.text.slice(out.findings[0].start, out.findings[0].end)).toBe('diabetics');
	});

	it('leaves findings before the span where they are', () => {
		const elderly = finding(0, 7);
		const diabetics = finding(19, 28);
		const out = applyToSpan(text, [elderly, diabetics], diabetics, 'people with diabetes');
		expect(out.text).toBe('Elderly people and people with diabetes can get the vaccine.');
		expect(out.findings).toEqual([elderly]);
	});

	it('drops a finding that overlaps the span, since its words have changed', () => {
		const sentence = finding(0, text.length, { category: 'readability' });
		const people = finding(0, 14);
		const elderly = finding(0, 7);
		const out = applyToSpan(text, [sentence, people, elderly], elderly, 'Older');
		expect(out.text).toBe('Older people and diabetics can get the vaccine.');
		expect(out.findings).toEqual([]);
	});

	it('refuses a span outside the text', () => {
		expect(() => applyToSpan('short', [], finding(2, 40), 'x')).toThrow(RangeError);
	});
});

describe('textRuns', () => {
	it('cuts overlapping findings into runs each covered by the right findings', () => {
		const text = 'the elderly people here';
		const [a, b] = numberFindings([finding(4, 18), finding(0, 11)]);
		expect([a.n, a.start, b.n, b.start]).toEqual([1, 0, 2, 4]);
		const runs = textRuns(text, [a, b]);
		expect(runs.map((r) => r.text)).toEqual(['the ', 'elderly', ' people', ' here']);
		expect(runs.map((r) => r.covering)).toEqual([[1], [1, 2], [2], []]);
		expect(runs.map((r) => r.ending)).toEqual([[], [1], [2], []]);
		expect(runs.map((r) => r.text).join('')).toBe(text);
	});

	it('ignores a finding outside the text rather than failing', () => {
		expect(textRuns('abc', [{ n: 1, start: 2, end: 9 }]).map((r) => r.text)).toEqual(['abc']);
	});
});

describe('suggestedReplacement', () => {
	it('uses the words of a suggestion, keeping a capital', () => {
		expect(
			suggestedReplacement(finding(0, 1, { suggestion: 'adults aged 65 and over (or older people)' }), 'Elderly')
		).toBe('Adults aged 65 and over');
		expect(suggestedReplacement(finding(0, 1, { suggestion: 'pharmacy' }), 'chemist')).toBe('pharmacy');
		expect(suggestedReplacement(finding(0, 1, { suggestion: 'vaccine or vaccination' }), 'jab')).toBe('vaccine');
		expect(suggestedReplacement(finding(0, 1, { suggestion: 'do not' }), "Don't")).toBe('Do not');
		expect(suggestedReplacement(finding(0, 1, { suggestion: 'GP' }), 'general practitioner')).toBe('GP');
	});

	it('offers nothing for advice or readability', () => {
		expect(suggestedReplacement(finding(0, 1, { suggestion: 'for example 6 August 2026' }), '06/08/2026')).toBeNull();
		expect(suggestedReplacement(finding(0, 1, { suggestion: 'Use sentence case' }), 'CAPS')).toBeNull();
		expect(suggestedReplacement(finding(0, 1, { category: 'readability', suggestion: 'Split it' }), 'long')).toBeNull();
		expect(suggestedReplacement(finding(0, 1, { suggestion: '' }), 'x')).toBeNull();
	});
});

describe('draftTitle', () => {
	it('takes the first line without Markdown marks, cut at a word', () => {
		expect(draftTitle('\n# Flu clinics open\n\nBody')).toBe('Flu clinics open');
		expect(draftTitle('   ')).toBe('Checked text');
		const long = draftTitle('word '.repeat(40));
		expect(long.length).toBeLessThanOrEqual(81);
		expect(long.endsWith('word…')).toBe(true);
	});
});
