import { describe, expect, it } from 'vitest';
import { durationWords } from './durations';

describe('durationWords', () => {
	it('reads as a person would say it', () => {
		expect(durationWords(0.5)).toBe('30 minutes');
		expect(durationWords(1 / 60)).toBe('1 minute');
		expect(durationWords(1)).toBe('1 hour');
		expect(durationWords(5.55)).toBe('5.6 hours');
		expect(durationWords(50)).toBe('2.1 days');
	});
});
