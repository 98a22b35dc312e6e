import { describe, expect, it } from 'vitest';
import type { SavedPromptView } from '$lib/schemas/saved-prompt';
import { groupPrompts } from './prompt-groups';

const prompt = (title: string, over: Partial<SavedPromptView> = {}): SavedPromptView => ({
	id: title,
	title,
	theme: null,
	body: 'Hi {{who}}',
	variables: ['who'],
	visibility: 'organisation',
	teamId: null,
	teamName: null,
	ownerName: null,
	mine: false,
	updatedAt: '2026-12-07T10:00:00.000Z',
	can: { edit: false, delete: false, share: false },
	...over
});

describe('grouping the prompt picker', () => {
	it('lists own prompts, then each team, then the organisation examples by theme, then the rest', () => {
		const groups = groupPrompts([
			prompt('Alt text for an image', { theme: 'Web pages and accessibility' }),
			prompt('Board briefing'),
			prompt('Caption for Instagram', { theme: 'Social media' }),
			prompt('Clinic post', { visibility: 'team', teamId: 't2', teamName: 'Maternity comms' }),
			prompt('My own', { visibility: 'private', mine: true }),
			prompt('Post for Facebook', { theme: 'Social media' }),
			prompt('Press note', { visibility: 'team', teamId: 't1', teamName: 'Digital team' }),
			prompt('Spokesperson quote', { theme: 'Media' })
		]);
		expect(groups.map((g) => [g.heading, g.prompts.map((p) => p.title)])).toEqual([
			['Your own prompts', ['My own']],
			['Shared with Digital team', ['Press note']],
			['Shared with Maternity comms', ['Clinic post']],
			['Media', ['Spokesperson quote']],
			['Social media', ['Caption for Instagram', 'Post for Facebook']],
			['Web pages and accessibility', ['Alt text for an image']],
			['Other organisation prompts', ['Board briefing']]
		]);
		expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
	});

	it('makes no empty groups', () => {
		expect(groupPrompts([])).toEqual([]);
		expect(groupPrompts([prompt('Only one', { theme: 'Media' })]).map((g) => g.heading)).toEqual(['Media']);
	});
});
