/**
 * The monitoring dashboard's tables, built from the named metrics queries. Each table is what the page
 * shows (chart and table alternative) and what its CSV download contains: counts only, no people.
 */
import {
	addDays,
	type DashboardSummary,
	type DashboardTable,
	type DashboardTableId,
	type DateRange,
	type HeadlineFigure
} from '$lib/schemas/dashboard';
import { KIND_LABELS, PERSONAL_DATA_KINDS, type PersonalDataKind } from '$lib/governance/personal-data';
import { SENSITIVE_TOPIC_KINDS, SENSITIVE_TOPICS, sensitiveTopicSqlRules } from '$lib/governance/sensitive-topics';
import * as metrics from '../db/queries/metrics';
import { approvalTotals } from './dashboard-approvals';
import { headlineFigures } from './dashboard-headlines';
import { passRateHistory } from './dashboard-pass-rate-history';
import { passRatesTable } from './dashboard-pass-rates';
import { getSetting } from './settings';

const GENERAL_CHAT = 'General chat (no assistant)';
const REASON_LABELS = {
	inaccurate: 'Inaccurate',
	wrong_tone: 'Wrong tone',
	ignored_guidance: 'Ignored guidance',
	too_long: 'Too long',
	other: 'Other'
} as const;

/** A percentage with one decimal place; 0 when there is nothing to divide by. */
export function percent(part: number, whole: number): number {
	return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

/** Estimated watt-hours for a number of tokens, to two decimal places. */
export function energyWh(tokens: number, whPer1kTokens: number): number {
	return Math.round((tokens / 1000) * whPer1kTokens * 100) / 100;
}

function everyDay(range: DateRange): string[] {
	const days: string[] = [];
	for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
	return days;
}

/** The Monday of each ISO week the range touches. */
function everyWeek(range: DateRange): string[] {
	const start = new Date(`${range.from}T00:00:00Z`);
	const monday = addDays(range.from, -((start.getUTCDay() + 6) % 7));
	const weeks: string[] = [];
	for (let w = monday; w <= range.to; w = addDays(w, 7)) weeks.push(w);
	return weeks;
}

function kindLabel(kind: string): string {
	return (PERSONAL_DATA_KINDS as readonly string[]).includes(kind) ? KIND_LABELS[kind as PersonalDataKind] : kind;
}

const BUILDERS: Record<DashboardTableId, (range: DateRange) => Promise<DashboardTable>> = {
	async 'active-users-daily'(range) {
		const found = new Map((await metrics.activeUsersByDay(range)).map((r) => [r.day, r.users]));
		return {
			id: 'active-users-daily',
			title: 'Active users by day',
			description: 'People who sent at least one message on each day (UTC).',
			columns: [
				{ key: 'day', label: 'Day', date: true },
				{ key: 'users', label: 'Active users', numeric: true }
			],
			rows: everyDay(range).map((day) => ({ day, users: found.get(day) ?? 0 })),
			chart: { labelKey: 'day', valueKey: 'users', unit: 'users', kind: 'columns' }
		};
	},
	async 'active-users-weekly'(range) {
		const found = new Map((await metrics.activeUsersByWeek(range)).map((r) => [r.week, r.users]));
		return {
			id: 'active-users-weekly',
			title: 'Active users by week',
			description:
				'People who sent at least one message in each week, starting on Monday (weeks at the edges of the range are partial).',
			columns: [
				{ key: 'week', label: 'Week starting', date: true },
				{ key: 'users', label: 'Active users', numeric: true }
			],
			rows: everyWeek(range).map((week) => ({ week, users: found.get(week) ?? 0 })),
			chart: { labelKey: 'week', valueKey: 'users', unit: 'users' }
		};
	},
	async 'activity-daily'(range) {
		const found = new Map((await metrics.activityByDay(range)).map((r) => [r.day, r]));
		return {
			id: 'activity-daily',
			title: 'Chats and messages by day',
			description: 'Chats started, messages people sent and answers the AI wrote on each day (UTC).',
			columns: [
				{ key: 'day', label: 'Day', date: true },
				{ key: 'chats', label: 'Chats started', numeric: true },
				{ key: 'messages', label: 'Messages sent', numeric: true },
				{ key: 'answers', label: 'Answers written', numeric: true }
			],
			rows: everyDay(range).map((day) => {
				const r = found.get(day);
				return { day, chats: r?.chats ?? 0, messages: r?.messages ?? 0, answers: r?.answers ?? 0 };
			}),
			chart: { labelKey: 'day', valueKey: 'messages', unit: 'messages', kind: 'columns' }
		};
	},
	async assistants(range) {
		const rows = await metrics.assistantUsage(range);
		return {
			id: 'assistants',
			title: 'Assistants used',
			description: 'Chats started with each assistant, the messages sent in them and how many people used it.',
			columns: [
				{ key: 'assistant', label: 'Assistant' },
				{ key: 'chats', label: 'Chats', numeric: true },
				{ key: 'messages', label: 'Messages sent', numeric: true },
				{ key: 'users', label: 'People', numeric: true }
			],
			rows: rows.map((r) => ({
				assistant: r.name ?? GENERAL_CHAT,
				chats: r.chats,
				messages: r.messages,
				users: r.users
			})),
			chart: { labelKey: 'assistant', valueKey: 'chats', unit: 'chats' }
		};
	},
	async feedback(range) {
		const rows = await metrics.feedbackByAssistant(range);
		return {
			id: 'feedback',
			title: 'Feedback by assistant',
			description:
				'Answers written in the range, the share that people rated, and the reasons given for a thumbs down. Comments are not shown.',
			columns: [
				{ key: 'assistant', label: 'Assistant' },
				{ key: 'answers', label: 'Answers', numeric: true },
				{ key: 'rated', label: 'Rated', numeric: true },
				{ key: 'rate', label: 'Feedback rate (%)', numeric: true },
				{ key: 'up', label: 'Helpful', numeric: true },
				{ key: 'down', label: 'Not helpful', numeric: true },
				...Object.entries(REASON_LABELS).map(([key, label]) => ({ key, label: `Reason: ${label}`, numeric: true }))
			],
			rows: rows.map((r) => ({
				assistant: r.name ?? GENERAL_CHAT,
				answers: r.answers,
				rated: r.rated,
				rate: percent(r.rated, r.answers),
				up: r.up,
				down: r.down,
				...r.reasons
			})),
			chart: { labelKey: 'assistant', valueKey: 'rate', unit: '%' }
		};
	},
	async documents(range) {
		const rows = await metrics.mostCitedDocuments(range);
		return {
			id: 'documents',
			title: 'Most-cited guidance documents',
			description: 'The 20 guidance documents answers cited most often, with the versions cited.',
			columns: [
				{ key: 'document', label: 'Document' },
				{ key: 'citations', label: 'Citations', numeric: true },
				{ key: 'answers', label: 'Answers citing it', numeric: true },
				{ key: 'versions', label: 'Versions cited' }
			],
			rows: rows.map((r) => ({
				document: r.title || 'Untitled document',
				citations: r.citations,
				answers: r.answers,
				versions: r.versions.join(', ')
			})),
			chart: { labelKey: 'document', valueKey: 'citations', unit: 'citations' }
		};
	},
	async 'personal-data'(range) {
		const rows = await metrics.personalDataByKind(range);
		return {
			id: 'personal-data',
			title: 'Personal-data warnings by kind',
			description:
				'How many times the personal-data guard warned about each kind and how many items it found, then what people did: replaced the items with placeholders, sent anyway with a reason, or were blocked. A warning with several kinds counts once for each kind. The data itself is never stored.',
			columns: [
				{ key: 'kind', label: 'Kind' },
				{ key: 'warnings', label: 'Warnings', numeric: true },
				{ key: 'findings', label: 'Items found', numeric: true },
				{ key: 'replaced', label: 'Replaced with placeholders', numeric: true },
				{ key: 'sentAnyway', label: 'Sent anyway', numeric: true },
				{ key: 'blocked', label: 'Blocked', numeric: true }
			],
			rows: rows.map((r) => ({
				kind: kindLabel(r.kind),
				warnings: r.warnings,
				findings: r.findings,
				replaced: r.replaced,
				sentAnyway: r.sentAnyway,
				blocked: r.blocked
			})),
			chart: { labelKey: 'kind', valueKey: 'warnings', unit: 'warnings' }
		};
	},
	async tokens(range) {
		const [rows, factor] = await Promise.all([
			metrics.tokenUsageByModel(range),
			getSetting('metrics.energyWhPer1kTokens')
		]);
		return {
			id: 'tokens',
			title: 'Token usage by model',
			description: `Tokens sent to and received from each model, with an estimated energy use at ${factor} Wh per 1,000 tokens (an estimate, not a measurement).`,
			columns: [
				{ key: 'model', label: 'Model' },
				{ key: 'answers', label: 'Answers', numeric: true },
				{ key: 'promptTokens', label: 'Prompt tokens', numeric: true },
				{ key: 'completionTokens', label: 'Completion tokens', numeric: true },
				{ key: 'totalTokens', label: 'Total tokens', numeric: true },
				{ key: 'energyWh', label: 'Estimated energy (Wh)', numeric: true }
			],
			rows: rows.map((r) => {
				const total = r.promptTokens + r.completionTokens;
				return {
					model: r.model ?? 'Unknown model',
					answers: r.answers,
					promptTokens: r.promptTokens,
					completionTokens: r.completionTokens,
					totalTokens: total,
					energyWh: energyWh(total, factor)
				};
			}),
			chart: { labelKey: 'model', valueKey: 'totalTokens', unit: 'tokens' }
		};
	},
	async 'sensitive-topics'(range) {
		const counts = await metrics.countMessagesMatching(
			range,
			SENSITIVE_TOPIC_KINDS.map((kind) => ({ key: kind, rules: sensitiveTopicSqlRules(kind) }))
		);
		return {
			id: 'sensitive-topics',
			title: 'Sensitive topics',
			description:
				'Requests that touched a sensitive topic and so showed a reminder about human and clinical sign-off. A request can touch more than one.',
			columns: [
				{ key: 'topic', label: 'Topic' },
				{ key: 'requests', label: 'Requests', numeric: true }
			],
			rows: SENSITIVE_TOPIC_KINDS.map((kind) => ({
				topic: SENSITIVE_TOPICS[kind].label,
				requests: counts.get(kind) ?? 0
			})),
			chart: { labelKey: 'topic', valueKey: 'requests', unit: 'requests' }
		};
	},
	'pass-rates': passRatesTable,
	'pass-rate-history': passRateHistory
};

/** One table, for its CSV download. */
export function dashboardTable(id: DashboardTableId, range: DateRange): Promise<DashboardTable> {
	return BUILDERS[id](range);
}

/** Every table and the headline figures. */
export async function loadDashboard(
	range: DateRange
): Promise<{ summary: DashboardSummary; headlines: HeadlineFigure[]; tables: DashboardTable[] }> {
	const ids = Object.keys(BUILDERS) as DashboardTableId[];
	const [totals, factor, guard, approvals, headlines, ...tables] = await Promise.all([
		metrics.activityTotals(range),
		getSetting('metrics.energyWhPer1kTokens'),
		metrics.personalDataTotals(range),
		approvalTotals(range),
		headlineFigures(range),
		...ids.map((id) => BUILDERS[id](range))
	]);
	const table = (id: DashboardTableId) => tables.find((t) => t.id === id)!;
	const sum = (id: DashboardTableId, key: string) =>
		table(id).rows.reduce((n, r) => n + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0);
	const answers = sum('feedback', 'answers');
	const totalTokens = sum('tokens', 'totalTokens');
	return {
		summary: {
			...totals,
			feedbackRate: percent(sum('feedback', 'rated'), answers),
			personalDataWarnings: guard.warnings,
			personalDataOutcomes: { replaced: guard.replaced, sentAnyway: guard.sentAnyway, blocked: guard.blocked },
			totalTokens,
			energyWh: energyWh(totalTokens, factor),
			energyWhPer1kTokens: factor,
			...approvals
		},
		headlines,
		tables
	};
}
