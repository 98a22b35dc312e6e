/** The sign-off record as it appears in exports: plain rows and a sentence about the version exported. */
import type { DraftApprovalView } from '$lib/schemas/drafts';

export const DECISION_LABELS: Record<DraftApprovalView['decision'], string> = {
	approve: 'Approved',
	changes_requested: 'Changes requested'
};

/** "6 December 2026 at 14:05", in UK time. */
export function signOffDate(iso: string): string {
	const date = new Date(iso);
	const day = date.toLocaleDateString('en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'Europe/London'
	});
	const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
	return `${day} at ${time}`;
}

export const RECORD_HEADERS = ['Reviewer', 'Clinical reviewer', 'Decision', 'Version', 'Date and time'];

export function recordRows(approvals: DraftApprovalView[]): string[][] {
	return approvals.map((a) => [
		`${a.reviewerName} (${a.reviewerEmail})`,
		a.clinical ? 'Yes' : 'No',
		DECISION_LABELS[a.decision],
		String(a.version),
		signOffDate(a.createdAt)
	]);
}

/** Whether the version exported is the approved one, said plainly. */
export function approvalLine(version: number, approvals: DraftApprovalView[]): string {
	const approved = approvals.filter((a) => a.decision === 'approve');
	if (approved.some((a) => a.version === version)) {
		const names = [...new Set(approved.filter((a) => a.version === version).map((a) => a.reviewerName))];
		return `This is version ${version}, approved by ${names.join(' and ')}.`;
	}
	const latest = approved[0];
	if (latest) {
		return `This is version ${version}. It has NOT been approved: the approval (by ${latest.reviewerName}) is for version ${latest.version}.`;
	}
	return `This is version ${version}. It has NOT been approved by a reviewer.`;
}
