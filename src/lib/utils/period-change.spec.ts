import { describe, expect, it } from 'vitest';
import { countChange, rateChange } from './period-change';

describe('countChange', () => {
	it('gives the change as a percentage of the previous period, in words', () => {
		expect(countChange(112, 100, 30)).toEqual({ direction: 'up', amount: 12, words: 'up 12% on the previous 30 days' });
		expect(countChange(75, 100, 30)).toEqual({
			direction: 'down',
			amount: 25,
			words: 'down 25% on the previous 30 days'
		});
		expect(countChange(1, 3, 7).words).toBe('down 67% on the previous 7 days');
	});

	it('says when nothing changed, when there was none before and when a change rounds to 0%', () => {
		expect(countChange(0, 0, 30).words).toBe('no change on the previous 30 days');
		expect(countChange(5, 0, 1)).toEqual({ direction: 'up', amount: null, words: 'up from none in the previous day' });
		expect(countChange(1001, 1000, 30).words).toBe('up less than 1% on the previous 30 days');
		expect(countChange(0, 4, 30).words).toBe('down 100% on the previous 30 days');
	});
});

describe('rateChange', () => {
	it('gives the difference in percentage points', () => {
		expect(rateChange(45.5, 40, 30)).toEqual({
			direction: 'up',
			amount: 5.5,
			words: 'up 5.5 percentage points on the previous 30 days'
		});
		expect(rateChange(40, 41, 30).words).toBe('down 1 percentage point on the previous 30 days');
		expect(rateChange(40, 40, 30).words).toBe('no change on the previous 30 days');
	});
});
