/**
 * A figure compared with the previous period of the same length, in words that do not rest on colour
 * or an arrow: "up 12% on the previous 30 days". Pure, so the page, the CSV and the tests agree.
 */
export type ChangeDirection = 'up' | 'down' | 'same';

export type PeriodChange = {
	direction: ChangeDirection;
	/**
	 * For counts, the change as a whole percentage of the previous figure (null when the previous figure
	 * was 0, so there is nothing to divide by); for rates, the difference in percentage points.
	 */
	amount: number | null;
	/** "up 12% on the previous 30 days", "no change on the previous 30 days"… */
	words: string;
};

function periodName(days: number): string {
	return days === 1 ? 'the previous day' : `the previous ${days.toLocaleString('en-GB')} days`;
}

/** A count now and in the previous period: the change as a percentage of the previous count. */
export function countChange(current: number, previous: number, days: number): PeriodChange {
	const period = periodName(days);
	if (current === previous) return { direction: 'same', amount: 0, words: `no change on ${period}` };
	const direction: ChangeDirection = current > previous ? 'up' : 'down';
	if (previous === 0) {
		return { direction, amount: null, words: `up from none in ${period}` };
	}
	const amount = Math.round((Math.abs(current - previous) / previous) * 100);
	// A real change that rounds to 0% still says which way it went.
	const shown = amount === 0 ? 'less than 1%' : `${amount.toLocaleString('en-GB')}%`;
	return { direction, amount, words: `${direction} ${shown} on ${period}` };
}

/** A rate (a percentage) now and in the previous period: the difference in percentage points. */
export function rateChange(current: number, previous: number, days: number): PeriodChange {
	const period = periodName(days);
	const amount = Math.round(Math.abs(current - previous) * 10) / 10;
	if (amount === 0) return { direction: 'same', amount: 0, words: `no change on ${period}` };
	const direction: ChangeDirection = current > previous ? 'up' : 'down';
	const points = amount === 1 ? 'percentage point' : 'percentage points';
	return { direction, amount, words: `${direction} ${amount.toLocaleString('en-GB')} ${points} on ${period}` };
}
