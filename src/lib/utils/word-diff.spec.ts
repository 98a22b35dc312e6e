import { describe, expect, it } from 'vitest';
import { diffSummary, diffWords } from './word-diff';

const join = (parts: ReturnType<typeof diffWords>, keep: 'before' | 'after') =>
	parts
		.filter((p) => p.kind === 'same' || p.kind === (keep === 'before' ? 'removed' : 'added'))
		.map((p) => p.text)
		.join('');

describe('diffWords', () => {
	it('marks a changed word and keeps the rest the same', () => {
		const parts = diffWords('The clinic opens on Monday.', 'The clinic opens on Tuesday.');
		expect(parts).toEqual([
			{ kind: 'same', text: 'The clinic opens on ' },
			{ kind: 'removed', text: 'Monday.' },
			{ kind: 'added', text: 'Tuesday.' }
		]);
		expect(diffSummary(parts)).toEqual({ added: 1, removed: 1 });
	});

	it('rebuilds both texts exactly from the parts', () => {
		const a = 'One two three.\n\nFour five six.';
		const b = 'One three.\n\nFour and five six seven.';
		const parts = diffWords(a, b);
		expect(join(parts, 'before')).toBe(a);
		expect(join(parts, 'after')).toBe(b);
	});

	it('says nothing changed for identical texts', () => {
		expect(diffWords('Same text', 'Same text')).toEqual([{ kind: 'same', text: 'Same text' }]);
	});

	it('handles an empty side', () => {
		expect(diffWords('', 'New words')).toEqual([{ kind: 'added', text: 'New words' }]);
		expect(diffWords('Old words', '')).toEqual([{ kind: 'removed', text: 'Old words' }]);
	});
});
