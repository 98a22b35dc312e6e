import { describe, expect, it } from 'vitest';
import { axis, axisFor, barLength, PERCENT_AXIS } from './chart-scale';

describe('axis', () => {
	it.each([
		[0, { top: 1, ticks: [0, 1] }],
		[-5, { top: 1, ticks: [0, 1] }],
		[Number.NaN, { top: 1, ticks: [0, 1] }],
		[7, { top: 8, ticks: [0, 2, 4, 6, 8] }],
		[10, { top: 10, ticks: [0, 2.5, 5, 7.5, 10] }],
		[247, { top: 300, ticks: [0, 100, 200, 300] }],
		[0.3, { top: 0.3, ticks: [0, 0.1, 0.2, 0.3] }],
		[1234, { top: 1500, ticks: [0, 500, 1000, 1500] }]
	])('covers %d in round steps', (max, expected) => {
		expect(axis(max)).toEqual(expected);
	});

	it('uses whole-number steps for counts', () => {
		expect(axis(1, { integer: true })).toEqual({ top: 1, ticks: [0, 1] });
		expect(axis(3, { integer: true })).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
		expect(axis(10, { integer: true })).toEqual({ top: 10, ticks: [0, 5, 10] });
		expect(axis(9, { integer: true }).ticks.every(Number.isInteger)).toBe(true);
	});

	it('never has more steps than asked for, and always reaches the maximum', () => {
		for (const max of [1, 3, 9, 11, 99, 101, 999, 12345, 0.07]) {
			const { top, ticks } = axis(max);
			expect(top).toBeGreaterThanOrEqual(max);
			expect(ticks.length).toBeLessThanOrEqual(5);
			expect(ticks.at(-1)).toBe(top);
		}
	});
});

describe('barLength', () => {
	it('scales against the top of the axis', () => {
		expect(barLength(5, 10, 200)).toBe(100);
		expect(barLength(10, 10, 300)).toBe(300);
	});
	it('never draws negative, missing or overlong bars', () => {
		expect(barLength(-1, 10, 100)).toBe(0);
		expect(barLength(0, 0, 100)).toBe(0);
		expect(barLength(5, 0, 100)).toBe(0);
		expect(barLength(Number.NaN, 10, 100)).toBe(0);
		expect(barLength(50, 10, 100)).toBe(100);
	});
});

describe('axisFor', () => {
	it('draws percentages on 0 to 100 whatever the largest value, so a 40 % bar is not full length', () => {
		expect(axisFor([40, 12.5], '%')).toEqual({ top: 100, ticks: [0, 25, 50, 75, 100] });
		expect(axisFor([], '%')).toBe(PERCENT_AXIS);
		expect(barLength(40, axisFor([40], '%').top, 200)).toBe(80);
		expect(barLength(120, axisFor([120], '%').top, 200)).toBe(200);
	});

	it('scales other units to their largest value in round, whole-number steps for counts', () => {
		expect(axisFor([3, 7], 'chats')).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
		expect(axisFor([0.5, 1.5], 'tokens')).toEqual(axis(1.5));
		expect(axisFor([], 'users')).toEqual({ top: 1, ticks: [0, 1] });
	});
});
