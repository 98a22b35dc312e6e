import { describe, expect, it } from 'vitest';
import { cleanCitations } from './citations';

describe('cleanCitations', () => {
	it('keeps markers for offered passages and lists what was cited in order of first use', () => {
		expect(cleanCitations('Say midday [2]. Use plain words [1][2].', 3)).toEqual({
			text: 'Say midday [2]. Use plain words [1][2].',
			cited: [2, 1]
		});
	});

	it('removes markers that point at no passage, with the space before them', () => {
		expect(cleanCitations('One [1]. Two [7]. Zero [0].', 6)).toEqual({ text: 'One [1]. Two. Zero.', cited: [1] });
	});

	it('keeps the valid numbers of a combined marker', () => {
		expect(cleanCitations('Both [1, 9, 3].', 3)).toEqual({ text: 'Both [1, 3].', cited: [1, 3] });
	});

	it('removes every marker when no passages were offered, and leaves Markdown links alone', () => {
		expect(cleanCitations('See [1] and [the page](https://nhs.uk) and [2](x).', 0)).toEqual({
			text: 'See and [the page](https://nhs.uk) and [2](x).',
			cited: []
		});
	});
});
