import { describe, expect, it } from 'vitest';
import { shareWords } from './analysis';

describe('shareWords', () => {
	it('rounds a share of the responses to a whole percentage', () => {
		expect(shareWords(14, 60)).toBe('23%');
		expect(shareWords(60, 60)).toBe('100%');
	});

	it('never rounds a few responses down to nothing, and copes with none', () => {
		expect(shareWords(3, 5000)).toBe('less than 1%');
		expect(shareWords(0, 60)).toBe('0%');
		expect(shareWords(2, 0)).toBe('0%');
	});
});
