import { describe, expect, it } from 'vitest';
import { compareRuns, type ComparedRun } from './evaluation-compare';

const run = (version: number, results: [string, boolean][]): ComparedRun => ({
	assistantVersion: version,
	passRate: results.filter(([, p]) => p).length / results.length,
	passedCount: results.filter(([, p]) => p).length,
	total: results.length,
	results: results.map(([id, passed]) => ({ testCaseId: id, name: `Case ${id}`, passed, reasons: passed ? [] : ['x'] }))
});

describe('compareRuns', () => {
	it('pairs cases by id and names what changed, added and removed', () => {
		const rows = compareRuns(
			run(3, [
				['a', true],
				['b', false],
				['c', true]
			]),
			run(2, [
				['a', true],
				['b', true],
				['d', false]
			])
		);
		expect(rows.map((r) => [r.name, r.change])).toEqual([
			['Case a', 'same'],
			['Case b', 'broken'],
			['Case c', 'added'],
			['Case d', 'removed']
		]);
		expect(rows[3].current).toBeNull();
		expect(rows[2].previous).toBeNull();
	});

	it('shows the current run alone when there is no previous run', () => {
		const rows = compareRuns(run(1, [['a', false]]), null);
		expect(rows).toEqual([
			{ name: 'Case a', current: { passed: false, reasons: ['x'] }, previous: null, change: 'same' }
		]);
	});
});
