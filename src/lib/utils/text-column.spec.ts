import { describe, expect, it } from 'vitest';
import { likelyTextColumnName } from './text-column';

describe('likelyTextColumnName', () => {
	it('prefers the column the server measured as the longest text', () => {
		expect(likelyTextColumnName(['Id', 'Comment', 'Notes'], 'Notes')).toBe('Notes');
	});

	it('falls back to a column whose name reads like free text, or to none', () => {
		expect(likelyTextColumnName(['Respondent', 'Age band', 'Any other comments?'], null)).toBe('Any other comments?');
		expect(likelyTextColumnName(['Id', 'Free text'], 'Missing column')).toBe('Free text');
		expect(likelyTextColumnName(['Id', 'Date', 'Site'], undefined)).toBeNull();
	});
});
