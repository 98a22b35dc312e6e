import { describe, expect, it } from 'vitest';
import { groupByTheme, knownTheme, startHere, tasks, themeCounts, themeId, themeOf } from './task-library';

const item = (name: string, category: string, builtin = true, featured = false) => ({
	name,
	category,
	builtin,
	featured
});

const items = [
	item('Staff briefing', 'Internal communications', true, true),
	item('Press release', 'Media and press', true, true),
	item('Clinic news', 'Media and press', false),
	item('Alt text', 'Plain English and accessibility'),
	item('Old thing', 'Comms planning', false),
	item('Bulletin item', 'Internal communications', false, true)
];

describe('the task library', () => {
	it('groups by theme in the themes’ order and leaves out empty themes', () => {
		const groups = groupByTheme(items);
		expect(groups.map((g) => g.theme)).toEqual([
			'Media and press',
			'Internal communications',
			'Plain English and accessibility',
			'Other'
		]);
		expect(groups[0]).toMatchObject({ id: 'theme-media-and-press' });
		// Built-ins first, then the team's and organisation's own, by name.
		expect(groups[0].items.map((i) => i.name)).toEqual(['Press release', 'Clinic news']);
		expect(groups[1].items.map((i) => i.name)).toEqual(['Staff briefing', 'Bulletin item']);
	});

	it('puts a category no longer in the list under Other', () => {
		expect(themeOf({ category: 'Comms planning' })).toBe('Other');
		expect(knownTheme('Comms planning')).toBeNull();
		expect(knownTheme('Social media')).toBe('Social media');
		expect(knownTheme(null)).toBeNull();
	});

	it('starts newcomers with featured built-ins only', () => {
		expect(startHere(items).map((i) => i.name)).toEqual(['Press release', 'Staff briefing']);
	});

	it('counts each theme', () => {
		expect(themeCounts(items)).toEqual([
			{ theme: 'Media and press', count: 2 },
			{ theme: 'Internal communications', count: 2 },
			{ theme: 'Plain English and accessibility', count: 1 },
			{ theme: 'Other', count: 1 }
		]);
		expect(tasks(1)).toBe('1 task');
		expect(tasks(1200)).toBe('1,200 tasks');
		expect(themeId('Issues and crisis communications')).toBe('theme-issues-and-crisis-communications');
	});
});
