import { describe, expect, it } from 'vitest';
import { visiblePath } from './branches';

const m = (id: string, parentId: string | null) => ({ id, parentId });

describe('visiblePath', () => {
	const messages = [m('q1', null), m('a1', 'q1'), m('a2', 'q1'), m('q2', 'a2'), m('a3', 'q2'), m('q2b', 'a2')];

	it('follows the newest version at every fork by default', () => {
		const path = visiblePath(messages, {});
		expect(path.map((s) => s.message.id)).toEqual(['q1', 'a2', 'q2b']);
		expect(path[1]).toMatchObject({ index: 1, count: 2, forkKey: 'q1' });
	});

	it('follows an earlier version when one is chosen', () => {
		expect(visiblePath(messages, { a2: 0 }).map((s) => s.message.id)).toEqual(['q1', 'a2', 'q2', 'a3']);
		expect(visiblePath(messages, { q1: 0 }).map((s) => s.message.id)).toEqual(['q1', 'a1']);
	});
});
