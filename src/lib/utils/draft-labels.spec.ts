import { describe, expect, it } from 'vitest';
import { postLength, sourceLabel, versionDate } from './draft-labels';

describe('draft labels', () => {
	it('writes dates as the NHS style guide does, in UK time', () => {
		expect(versionDate('2026-12-06T14:05:00Z')).toBe('6 December 2026 at 14:05');
		expect(versionDate('2026-07-01T09:30:00Z')).toBe('1 July 2026 at 10:30');
	});
	it('names where a version came from', () => {
		expect(sourceLabel({ source: 'ai_edit', note: 'plainer English' })).toBe('AI edit: plainer English');
		expect(sourceLabel({ source: 'edited', note: null })).toBe('Edited');
	});
	it('counts an emoji as one character', () => {
		expect(postLength('Hi 🎉')).toBe(4);
	});
});
