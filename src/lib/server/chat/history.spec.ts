import { describe, expect, it } from 'vitest';
import { branchTo, estimateTokens, fitToContext, latestBranch } from './history';

const system = [
	{ role: 'system' as const, content: 'You are helpful.' },
	{ role: 'system' as const, content: '[1] A passage '.repeat(50) }
];
const turn = (i: number) => [
	{ role: 'user' as const, content: `question ${i} `.repeat(20) },
	{ role: 'assistant' as const, content: `answer ${i} `.repeat(20) }
];
const history = [0, 1, 2, 3].flatMap(turn);
const current = { role: 'user' as const, content: 'now' };

describe('fitToContext', () => {
	it('sends everything when it fits', () => {
		const { messages, dropped } = fitToContext({
			system,
			history,
			current,
			contextTokens: 100_000,
			reserveTokens: 1000
		});
		expect(messages).toEqual([...system, ...history, current]);
		expect(dropped).toBe(0);
	});

	it('drops the oldest turns first, keeping the system prompt, the passages and the new message', () => {
		const fixed = system.reduce((n, m) => n + estimateTokens(m.content), 0) + estimateTokens('now');
		const twoTurns = history.slice(4).reduce((n, m) => n + estimateTokens(m.content), 0);
		const { messages, dropped } = fitToContext({
			system,
			history,
			current,
			contextTokens: fixed + twoTurns + 1000 + 5,
			reserveTokens: 1000
		});
		expect(messages).toEqual([...system, ...history.slice(4), current]);
		expect(dropped).toBe(4);
	});

	it('keeps the system prompt and passages even when nothing else fits', () => {
		const { messages } = fitToContext({ system, history, current, contextTokens: 10, reserveTokens: 1000 });
		expect(messages).toEqual([...system, current]);
	});

	it('never starts the kept history with an answer', () => {
		const fixed = system.reduce((n, m) => n + estimateTokens(m.content), 0) + estimateTokens('now');
		const lastAnswer = estimateTokens(history[7].content);
		const { messages } = fitToContext({
			system,
			history,
			current,
			contextTokens: fixed + lastAnswer + 1000,
			reserveTokens: 1000
		});
		expect(messages).toEqual([...system, current]);
	});
});

describe('latestBranch', () => {
	it('keeps only the latest answer to each question', () => {
		const messages = [
			{ id: 'q1', role: 'user', parentId: null },
			{ id: 'a1', role: 'assistant', parentId: 'q1' },
			{ id: 'a2', role: 'assistant', parentId: 'q1' },
			{ id: 'q2', role: 'user', parentId: 'a2' },
			{ id: 'a3', role: 'assistant', parentId: 'q2' }
		];
		expect(latestBranch(messages).map((m) => m.id)).toEqual(['q1', 'a2', 'q2', 'a3']);
	});

	it('follows an edited question and drops the question it replaced, with its answers', () => {
		const messages = [
			{ id: 'q1', role: 'user', parentId: null },
			{ id: 'a1', role: 'assistant', parentId: 'q1' },
			{ id: 'q2', role: 'user', parentId: 'a1' },
			{ id: 'a2', role: 'assistant', parentId: 'q2' },
			{ id: 'q2b', role: 'user', parentId: 'a1' },
			{ id: 'a3', role: 'assistant', parentId: 'q2b' }
		];
		expect(latestBranch(messages).map((m) => m.id)).toEqual(['q1', 'a1', 'q2b', 'a3']);
		expect(branchTo(messages, 'a2').map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2']);
		expect(branchTo(messages, null)).toEqual([]);
	});
});
