import { describe, expect, it } from 'vitest';
import type { DraftApprovalView } from '$lib/schemas/drafts';
import { approvalLine, recordRows, signOffDate } from './export-record';

const decision = (over: Partial<DraftApprovalView>): DraftApprovalView => ({
	reviewerName: 'Carol',
	reviewerEmail: 'carol@nhs.net',
	clinical: false,
	decision: 'approve',
	version: 2,
	comment: null,
	createdAt: '2026-12-06T14:05:00Z',
	...over
});

describe('the sign-off record in exports', () => {
	it('writes dates as "6 December 2026 at 14:05" in UK time', () => {
		expect(signOffDate('2026-12-06T14:05:00Z')).toBe('6 December 2026 at 14:05');
		// British Summer Time: an hour ahead of UTC.
		expect(signOffDate('2026-07-01T08:30:00Z')).toBe('1 July 2026 at 09:30');
	});

	it('says whether the exported version is the approved one', () => {
		expect(approvalLine(2, [decision({})])).toBe('This is version 2, approved by Carol.');
		expect(approvalLine(3, [decision({})])).toBe(
			'This is version 3. It has NOT been approved: the approval (by Carol) is for version 2.'
		);
		expect(approvalLine(2, [decision({ decision: 'changes_requested' })])).toBe(
			'This is version 2. It has NOT been approved by a reviewer.'
		);
		expect(approvalLine(1, [])).toBe('This is version 1. It has NOT been approved by a reviewer.');
	});

	it('lists each decision with the clinical flag', () => {
		expect(recordRows([decision({ clinical: true, decision: 'changes_requested' })])).toEqual([
			['Carol (carol@nhs.net)', 'Yes', 'Changes requested', '2', '6 December 2026 at 14:05']
		]);
	});
});
