import { describe, expect, it } from 'vitest';
import { median } from './dashboard-approvals';

describe('median', () => {
	it('takes the middle value, or the mean of the two middle values', () => {
		expect(median([])).toBeNull();
		expect(median([30, 2, 4])).toBe(4);
		expect(median([4, 1, 2, 3])).toBe(2.5);
	});
});
