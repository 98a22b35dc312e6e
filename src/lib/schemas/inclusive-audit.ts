/** Views of the inclusive-language audit report, shared by its server code and its components. */
export type AuditRunView = {
	id: string;
	assistantId: string;
	assistantName: string;
	assistantVersion: number;
	model: string;
	status: 'queued' | 'running' | 'completed' | 'failed';
	/** 0 to 1, null until the run has completed. */
	passRate: number | null;
	total: number;
	passedCount: number;
	error: string | null;
	createdAt: string;
	finishedAt: string | null;
};

export type AuditResultView = { name: string; passed: boolean; reasons: string[]; output: string };
export type AudienceGroup = { audience: string; passed: number; total: number; results: AuditResultView[] };
