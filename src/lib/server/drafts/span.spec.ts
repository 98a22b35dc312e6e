import { describe, expect, it } from 'vitest';
import { cleanReplacement, markSpan, replaceSpan, spanProblem } from './span';

describe('draft spans', () => {
	it('replaces exactly the span, counting in UTF-16 like the browser', () => {
		const content = '👩🏽‍⚕️ Café news: the clinic opens. Book now.';
		const start = content.indexOf('the clinic');
		const end = start + 'the clinic opens.'.length;
		const out = replaceSpan(content, start, end, 'our clinic is open.');
		expect(out.slice(0, start)).toBe(content.slice(0, start));
		expect(out.slice(start + 'our clinic is open.'.length)).toBe(content.slice(end));
	});

	it('refuses spans outside the draft, inside a character or of only spaces', () => {
		expect(spanProblem('abc', 1, 4)).toMatch(/outside the draft/);
		expect(spanProblem('😀x', 1, 3)).toMatch(/middle of a character/);
		expect(spanProblem('a   b', 1, 4)).toMatch(/only spaces/);
		expect(spanProblem('😀x', 0, 3)).toBeNull();
	});

	it('marks the span for the model', () => {
		expect(markSpan('one two three', 4, 7)).toBe('one ⟦EDIT⟧two⟦/EDIT⟧ three');
	});

	it('cleans what the model wraps around a replacement', () => {
		expect(cleanReplacement('"Shorter text."', 'Longer text here.')).toBe('Shorter text.');
		expect(cleanReplacement('```markdown\nShorter text.\n```', 'Long.')).toBe('Shorter text.');
		expect(cleanReplacement('Here is the rewritten passage:\nShort.', 'Long.')).toBe('Short.');
		expect(cleanReplacement('⟦EDIT⟧Short.⟦/EDIT⟧', 'Long.')).toBe('Short.');
		expect(cleanReplacement('“Quoted”', '“Quote me”')).toBe('“Quoted”');
		expect(cleanReplacement('"Book now," she said, "today."', 'Long.')).toBe('"Book now," she said, "today."');
		expect(cleanReplacement('Short.', ' Long. \n')).toBe(' Short. \n');
	});
});
