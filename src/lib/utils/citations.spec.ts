import { describe, expect, it } from 'vitest';
import { citedNumbers, citedSources } from './citations';

describe('citedNumbers', () => {
	it('reads single and grouped markers once each, in order of first use', () => {
		expect(citedNumbers('Say this [2]. And that [1, 3]. Again [2].')).toEqual([2, 1, 3]);
	});

	it('ignores Markdown links', () => {
		expect(citedNumbers('See [1](https://example.org)')).toEqual([]);
	});
});

describe('citedSources', () => {
	it('keeps only the passages the answer cites', () => {
		const sources = [{ n: 1 }, { n: 2 }, { n: 3 }];
		expect(citedSources('Only [3] and [1]', sources)).toEqual([{ n: 1 }, { n: 3 }]);
		expect(citedSources('No markers', sources)).toEqual([]);
	});
});
