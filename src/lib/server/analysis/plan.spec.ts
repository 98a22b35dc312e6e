import { describe, expect, it } from 'vitest';
import {
	batchCount,
	batchRange,
	callBudget,
	CONDENSE_GROUP,
	condenseGroups,
	dedupeThemes,
	MAP_BATCH,
	mappingOutput,
	MAX_CONDENSE_GROUPS,
	PROPOSE_BATCH,
	progressTotal,
	readAssignments,
	responseLines
} from './plan';

const themes = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Theme ${i}`, description: '' }));

describe('the plan of an analysis', () => {
	it('always fits its calls in the budget, with room left for retries', () => {
		for (let n = 1; n <= 20_000; n++) {
			const condensing = MAX_CONDENSE_GROUPS + 1;
			const calls = batchCount(n, PROPOSE_BATCH) + condensing + batchCount(n, MAP_BATCH);
			expect(calls, `n = ${n}`).toBeLessThan(callBudget(n));
		}
		expect(callBudget(2000)).toBe(220);
		expect(callBudget(5000)).toBe(520);
	});

	it('covers every response exactly once with its batches', () => {
		const n = 1234;
		const numbers = Array.from({ length: batchCount(n, MAP_BATCH) }, (_, i) => batchRange(i, MAP_BATCH, n)).flatMap(
			({ from, to }) => Array.from({ length: to - from + 1 }, (_, k) => from + k)
		);
		expect(numbers).toEqual(Array.from({ length: n }, (_, i) => i + 1));
		expect(progressTotal(n)).toBe(25 + 1 + 62);
	});

	it('condenses in one pass up to 60 themes, and otherwise in at most 8 groups', () => {
		expect(condenseGroups(themes(CONDENSE_GROUP))).toHaveLength(1);
		expect(condenseGroups(themes(61))).toHaveLength(2);
		const many = condenseGroups(themes(1000));
		expect(many).toHaveLength(MAX_CONDENSE_GROUPS);
		expect(many.flat()).toHaveLength(1000);
	});

	it('drops themes whose titles differ only in case and punctuation', () => {
		expect(
			dedupeThemes([
				{ title: 'Parking', description: 'a' },
				{ title: 'PARKING!', description: 'b' },
				{ title: 'Car parking', description: 'c' },
				{ title: '  ', description: 'd' }
			])
		).toEqual([
			{ title: 'Parking', description: 'a' },
			{ title: 'Car parking', description: 'c' }
		]);
	});
});

describe('reading a mapping reply', () => {
	it('keeps only ids from the batch and the theme list; skipped responses get no entry', () => {
		const output = mappingOutput.parse({
			assignments: [
				{ response: 'R21', themes: ['T1', 'T3', 'T3'] },
				{ response: 22, themes: [2] },
				{ response: 'R999', themes: ['T1'] },
				{ response: 'R23', themes: ['T9', 'X'] },
				{ response: 'nonsense', themes: ['T1'] }
			]
		});
		const assigned = readAssignments(output, { from: 21, to: 40 }, 3);
		expect([...assigned.entries()]).toEqual([
			[21, [0, 2]],
			[22, [1]],
			[23, []]
		]);
		expect(assigned.has(24)).toBe(false);
	});

	it('shows the model each response with its id, shortening very long ones', () => {
		const lines = responseLines([
			{ number: 1, text: 'Short\nanswer' },
			{ number: 2, text: 'x'.repeat(2000) }
		]).split('\n');
		expect(lines[0]).toBe('R1: Short answer');
		expect(lines[1]).toHaveLength('R2: '.length + 1500 + 1);
	});
});
