import { describe, expect, it } from 'vitest';
import { formatDate, isPastDate } from './dates';

describe('formatDate', () => {
	it('writes dates the NHS way, from a date or a timestamp', () => {
		expect(formatDate('2026-11-21')).toBe('21 November 2026');
		expect(formatDate('2026-01-05T23:30:00.000Z')).toBe('5 January 2026');
	});
});

describe('isPastDate', () => {
	const now = new Date('2026-11-21T10:00:00Z');
	it('counts a review date as overdue only once the day has passed', () => {
		expect(isPastDate('2026-11-20', now)).toBe(true);
		expect(isPastDate('2026-11-21', now)).toBe(false);
		expect(isPastDate('2027-01-01', now)).toBe(false);
		expect(isPastDate(null, now)).toBe(false);
	});
});
