/** The dashboard's sign-off figures: drafts approved in the range and the median time to approval. */
import { addDays, type DateRange } from '$lib/schemas/dashboard';
import { approvalsBetween } from '../db/queries/draft-reviews';

/** The middle value (the mean of the two middle values for an even count); null for none. */
export function median(values: number[]): number | null {
	if (!values.length) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function approvalTotals(
	range: DateRange
): Promise<{ draftsApproved: number; medianHoursToApproval: number | null }> {
	const from = new Date(`${range.from}T00:00:00Z`);
	const to = new Date(`${addDays(range.to, 1)}T00:00:00Z`);
	const approvals = await approvalsBetween(from, to);
	const m = median(approvals.map((a) => a.hours));
	return { draftsApproved: approvals.length, medianHoursToApproval: m === null ? null : Math.round(m * 10) / 10 };
}
