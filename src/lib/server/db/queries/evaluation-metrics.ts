/**
 * Named queries for the dashboard's evaluation figures: pass rates by assistant over a range of whole UTC
 * days, and the inclusive-language audit's runs. Counts and rates only; outputs are read one run at a time
 * by `listEvaluationResults`.
 */
import { sql } from 'drizzle-orm';
import type { DateRange } from '$lib/schemas/dashboard';
import type { AuditRunView } from '$lib/schemas/inclusive-audit';
import { addDays } from '$lib/schemas/dashboard';
import { getDb } from '..';
import { isUuid } from './chats';
import { rowsOf } from './rows';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Runs that finished in the range: from the first day's midnight to the midnight after the last (UTC). */
function finishedWithin(range: DateRange) {
	return sql`e.finished_at >= ${`${range.from}T00:00:00Z`}::timestamptz and e.finished_at < ${`${addDays(range.to, 1)}T00:00:00Z`}::timestamptz`;
}

/** Completed evaluation runs of one suite that finished in the range, and the cases they passed. */
export async function evaluationTotals(
	range: DateRange,
	suite = 'assistant'
): Promise<{ runs: number; cases: number; passed: number }> {
	const db = await getDb();
	const [row] = rowsOf<{ runs: unknown; cases: unknown; passed: unknown }>(
		await db.execute(sql`
			select count(*) as runs, coalesce(sum(e.total), 0) as cases, coalesce(sum(e.passed_count), 0) as passed
			from assistant_evaluations e
			where e.status = 'completed' and e.suite = ${suite} and ${finishedWithin(range)}`)
	);
	return { runs: num(row?.runs), cases: num(row?.cases), passed: num(row?.passed) };
}

export type CompletedRun = {
	id: string;
	assistantId: string;
	assistantName: string;
	assistantVersion: number;
	model: string;
	/** 0 to 1. */
	passRate: number;
	total: number;
	passedCount: number;
	finishedAt: string;
};

/**
 * Every completed run of one suite that finished in the range (any time when `range` is null), oldest
 * first (the order a trend reads). Private assistants' runs stay their owners'.
 */
export async function completedRunsBetween(range: DateRange | null, suite = 'assistant'): Promise<CompletedRun[]> {
	const db = await getDb();
	const result = rowsOf<Record<string, unknown>>(
		await db.execute(sql`
			select e.id, e.assistant_id, a.name, e.assistant_version, e.model, e.pass_rate, e.total,
				e.passed_count, e.finished_at
			from assistant_evaluations e join assistants a on a.id = e.assistant_id
			where e.status = 'completed' and e.suite = ${suite} and e.pass_rate is not null
				and a.visibility <> 'private' and ${range ? finishedWithin(range) : sql`e.finished_at is not null`}
			order by e.finished_at, e.created_at, e.id`)
	);
	return result.map((r) => ({
		id: String(r.id),
		assistantId: String(r.assistant_id),
		assistantName: String(r.name),
		assistantVersion: num(r.assistant_version),
		model: String(r.model),
		passRate: num(r.pass_rate),
		total: num(r.total),
		passedCount: num(r.passed_count),
		finishedAt: iso(r.finished_at)
	}));
}

export type AuditRun = AuditRunView;

function auditRun(r: Record<string, unknown>): AuditRun {
	return {
		id: String(r.id),
		assistantId: String(r.assistant_id),
		assistantName: String(r.name),
		assistantVersion: num(r.assistant_version),
		model: String(r.model),
		status: r.status as AuditRun['status'],
		passRate: r.pass_rate === null || r.pass_rate === undefined ? null : num(r.pass_rate),
		total: num(r.total),
		passedCount: num(r.passed_count),
		error: (r.error as string | null) ?? null,
		createdAt: iso(r.created_at),
		finishedAt: r.finished_at ? iso(r.finished_at) : null
	};
}

const AUDIT_COLUMNS = sql`e.id, e.assistant_id, a.name, e.assistant_version, e.model, e.status, e.pass_rate,
	e.total, e.passed_count, e.error, e.created_at, e.finished_at`;

/** The inclusive-language audit's runs on every assistant, newest first. */
export async function listAuditRuns(suite: string, limit = 20): Promise<AuditRun[]> {
	const db = await getDb();
	const result = rowsOf<Record<string, unknown>>(
		await db.execute(sql`
			select ${AUDIT_COLUMNS}
			from assistant_evaluations e join assistants a on a.id = e.assistant_id
			where e.suite = ${suite}
			order by e.created_at desc, e.id desc limit ${limit}`)
	);
	return result.map(auditRun);
}

/** One audit run by id, or the newest completed one when no id is given. */
export async function findAuditRun(suite: string, id?: string): Promise<AuditRun | undefined> {
	if (id !== undefined && !isUuid(id)) return undefined;
	const db = await getDb();
	const which = id === undefined ? sql`e.status = 'completed'` : sql`e.id = ${id}`;
	const [row] = rowsOf<Record<string, unknown>>(
		await db.execute(sql`
			select ${AUDIT_COLUMNS}
			from assistant_evaluations e join assistants a on a.id = e.assistant_id
			where e.suite = ${suite} and ${which}
			order by e.finished_at desc nulls last, e.created_at desc limit 1`)
	);
	return row ? auditRun(row) : undefined;
}

/** Assistants an administrator may audit: every published one shared with the organisation, with its current version. */
export async function listAuditableAssistants(): Promise<{ id: string; name: string; version: number }[]> {
	const db = await getDb();
	const result = rowsOf<{ id: string; name: string; version: unknown }>(
		await db.execute(
			sql`select id, name, version from assistants where status = 'published' and visibility = 'organisation' order by name, id`
		)
	);
	return result.map((r) => ({ id: String(r.id), name: r.name, version: num(r.version) }));
}
