import { describe, expect, it } from 'vitest';
import { parseAuditFilter, parseDateParts } from './audit-filter';

describe('audit date filters', () => {
	it('reads a real date as that UTC day, and empty boxes as no date', () => {
		expect(parseDateParts({ day: '6', month: '8', year: '2026' }, 'From')).toEqual(new Date('2026-08-06T00:00:00Z'));
		expect(parseDateParts({ day: '', month: '', year: '' }, 'From')).toBeNull();
	});

	it('names what is missing or impossible', () => {
		expect(parseDateParts({ day: '6', month: '', year: '' }, 'From')).toBe('From must include a month and year');
		expect(parseDateParts({ day: '29', month: '2', year: '2026' }, 'From')).toMatch(/real date/);
		expect(parseDateParts({ day: '1', month: '13', year: '2026' }, 'From')).toMatch(/real date/);
		expect(parseDateParts({ day: 'x', month: '1', year: '2026' }, 'From')).toMatch(/real date/);
	});

	it('includes the whole end day', () => {
		const f = parseAuditFilter(new URLSearchParams('to-day=31&to-month=12&to-year=2026'));
		expect(f.search.before).toEqual(new Date('2027-01-01T00:00:00Z'));
		expect(f.errors).toEqual({});
	});
});
