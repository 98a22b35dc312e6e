/** The conversation as shown: one path through the tree of messages, choosing a version at each fork. */
type Linked = { id: string; parentId: string | null };

export type PathStep<T> = { message: T; index: number; count: number; forkKey: string };

/**
 * Follows the chosen version at each fork (`chosen[forkKey]`, the newest by default). A fork's key is
 * its parent's id ('' for the first message). Messages must be in the order they were written.
 */
export function visiblePath<T extends Linked>(messages: T[], chosen: Record<string, number>): PathStep<T>[] {
	const children: Record<string, T[]> = {};
	for (const m of messages) (children[m.parentId ?? ''] ??= []).push(m);
	const path: PathStep<T>[] = [];
	const seen: Record<string, true> = {};
	let key = '';
	for (;;) {
		const siblings = children[key];
		if (!siblings?.length || seen[key]) return path;
		seen[key] = true;
		const index = Math.min(Math.max(chosen[key] ?? siblings.length - 1, 0), siblings.length - 1);
		const message = siblings[index];
		path.push({ message, index, count: siblings.length, forkKey: key });
		key = message.id;
	}
}
