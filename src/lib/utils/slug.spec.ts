import { describe, expect, it } from 'vitest';
import { slugify } from './slug';

describe('slugify', () => {
	it('makes lower-case words joined by single hyphens', () => {
		expect(slugify('Inclusive language (2026)')).toBe('inclusive-language-2026');
		expect(slugify('  A&E -- winter  ')).toBe('a-and-e-winter');
		expect(slugify('Café brand guide')).toBe('cafe-brand-guide');
	});

	it('is empty when there is nothing to keep', () => {
		expect(slugify('!!!')).toBe('');
	});

	it('stays within the length, cut at a word where it can be', () => {
		const slug = slugify('NHS England guidance on writing for the web and for printed leaflets in hospitals');
		expect(slug.length).toBeLessThanOrEqual(60);
		expect(slug).toBe('nhs-england-guidance-on-writing-for-the-web-and-for-printed');
		expect(slugify('a'.repeat(80))).toBe('a'.repeat(60));
	});
});
