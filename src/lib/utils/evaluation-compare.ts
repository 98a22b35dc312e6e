/**
 * Two evaluation runs side by side (the approval screen): each test case's outcome in the version
 * awaiting approval and in the version before, and which cases were added or removed between them.
 */
export type ComparedRun = {
	assistantVersion: number;
	passRate: number | null;
	passedCount: number;
	total: number;
	results: { testCaseId: string | null; name: string; passed: boolean; reasons: string[] }[];
};

export type ComparisonRow = {
	name: string;
	/** null when the case was not in that run. */
	current: { passed: boolean; reasons: string[] } | null;
	previous: { passed: boolean; reasons: string[] } | null;
	change: 'added' | 'removed' | 'fixed' | 'broken' | 'same';
};

const keyOf = (r: { testCaseId: string | null; name: string }) => r.testCaseId ?? `name:${r.name}`;

/** Rows in the order of the current run, then the cases only the previous run had. */
export function compareRuns(current: ComparedRun | null, previous: ComparedRun | null): ComparisonRow[] {
	const before = new Map((previous?.results ?? []).map((r) => [keyOf(r), r]));
	const rows: ComparisonRow[] = [];
	const seen = new Set<string>();
	for (const r of current?.results ?? []) {
		const key = keyOf(r);
		seen.add(key);
		const p = before.get(key);
		const change = !previous || !p ? 'added' : p.passed === r.passed ? 'same' : r.passed ? 'fixed' : 'broken';
		rows.push({
			name: r.name,
			current: { passed: r.passed, reasons: r.reasons },
			previous: p ? { passed: p.passed, reasons: p.reasons } : null,
			change: previous ? change : 'same'
		});
	}
	for (const p of previous?.results ?? []) {
		if (seen.has(keyOf(p))) continue;
		rows.push({ name: p.name, current: null, previous: { passed: p.passed, reasons: p.reasons }, change: 'removed' });
	}
	return rows;
}

export const CHANGE_WORDS: Record<ComparisonRow['change'], string> = {
	added: 'New case',
	removed: 'Case removed',
	fixed: 'Now passes',
	broken: 'Now fails',
	same: 'No change'
};

/** The approval screen's evidence for one assistant, as the page receives it. */
export type ApprovalEvidenceView = {
	current: (ComparedRun & { id: string }) | null;
	previous: (ComparedRun & { id: string }) | null;
	inProgress: { id: string } | null;
	rows: ComparisonRow[];
};
