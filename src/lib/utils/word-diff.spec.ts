import { describe, expect, it } from 'vitest';
import { diffCounts, wordDiff } from './word-diff';

const render = (before: string, after: string) =>
	wordDiff(before, after)
		.map((p) => (p.kind === 'same' ? p.text : p.kind === 'added' ? `{+${p.text}+}` : `[-${p.text}-]`))
		.join('');

describe('wordDiff', () => {
	it('marks the words added and removed, keeping the rest', () => {
		expect(render('Book your flu jab today.', 'Book your free flu vaccination today.')).toBe(
			'Book your {+free +}flu [-jab -]{+vaccination +}today.'
		);
	});

	it('rebuilds the new text exactly, and the old one word for word', () => {
		const before = 'First line.\n\nSecond  line with  spaces.';
		const after = 'First line.\n\nA second line, with spaces.\nThird.';
		const parts = wordDiff(before, after);
		const words = (t: string) => t.split(/\s+/).filter(Boolean);
		expect(
			words(
				parts
					.filter((p) => p.kind !== 'added')
					.map((p) => p.text)
					.join('')
			)
		).toEqual(words(before));
		expect(
			parts
				.filter((p) => p.kind !== 'removed')
				.map((p) => p.text)
				.join('')
		).toBe(after);
	});

	it('reports identical texts as unchanged and empty texts as wholly added or removed', () => {
		expect(wordDiff('same words', 'same words')).toEqual([{ kind: 'same', text: 'same words' }]);
		expect(wordDiff('', 'new text')).toEqual([{ kind: 'added', text: 'new text' }]);
		expect(wordDiff('old text', '')).toEqual([{ kind: 'removed', text: 'old text' }]);
	});

	it('counts added and removed words', () => {
		expect(diffCounts(wordDiff('a b c d', 'a x c d e'))).toEqual({ added: 2, removed: 1 });
	});

	it('falls back to lines for very long texts without failing', () => {
		const before = Array.from({ length: 5000 }, (_, i) => `word${i}`).join(' ') + '\nlast line\n';
		const after = before.replace('last line', 'final line');
		const parts = wordDiff(before, after);
		expect(parts.some((p) => p.kind === 'added' && p.text.includes('final line'))).toBe(true);
	});
});
