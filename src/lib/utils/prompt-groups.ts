/** The prompt picker's groups: a person's own prompts, then each team's, then the organisation's by theme. */
import type { SavedPromptView } from '$lib/schemas/saved-prompt';

export type PromptGroup = { key: string; heading: string; prompts: SavedPromptView[] };

const OTHER_ORGANISATION = 'Other organisation prompts';

function groupOf(prompt: SavedPromptView): { key: string; heading: string; rank: number } {
	if (prompt.visibility === 'private') return { key: 'mine', heading: 'Your own prompts', rank: 0 };
	if (prompt.visibility === 'team') {
		const team = prompt.teamName ?? 'your team';
		return { key: `team:${prompt.teamId ?? team}`, heading: `Shared with ${team}`, rank: 1 };
	}
	if (prompt.theme) return { key: `theme:${prompt.theme}`, heading: prompt.theme, rank: 2 };
	return { key: 'organisation', heading: OTHER_ORGANISATION, rank: 3 };
}

/**
 * Groups prompts under headings: "Your own prompts", "Shared with <team>" for each team, each theme of
 * the organisation's examples, then any other organisation prompts. Teams and themes are in alphabetical
 * order; prompts keep the order they came in (by title). Empty groups are never made.
 */
export function groupPrompts(prompts: SavedPromptView[]): PromptGroup[] {
	const groups = new Map<string, PromptGroup & { rank: number }>();
	for (const prompt of prompts) {
		const { key, heading, rank } = groupOf(prompt);
		const group = groups.get(key) ?? { key, heading, rank, prompts: [] };
		group.prompts.push(prompt);
		groups.set(key, group);
	}
	return [...groups.values()]
		.sort((a, b) => a.rank - b.rank || a.heading.localeCompare(b.heading, 'en-GB'))
		.map(({ key, heading, prompts }) => ({ key, heading, prompts }));
}
