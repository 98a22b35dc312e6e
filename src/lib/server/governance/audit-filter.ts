/**
 * The audit screen's filters, read from the query string: actor email, action, a date range (NHS date
 * inputs, inclusive, UTC) and the page. Invalid values give messages a person can act on, and are
 * left out of the search rather than guessed.
 */
import { AUDIT_ACTIONS } from './audit';

export const AUDIT_PAGE_SIZE = 50;

type DateParts = { day: string; month: string; year: string };

export type AuditFilterValues = { actor: string; action: string; from: DateParts; to: DateParts };

export type AuditFilter = {
	values: AuditFilterValues;
	errors: Partial<Record<'actor' | 'action' | 'from' | 'to', string>>;
	search: { actorEmail?: string; action?: string; from?: Date; before?: Date };
	page: number;
};

function parts(params: URLSearchParams, id: string): DateParts {
	const get = (k: string) => (params.get(`${id}-${k}`) ?? '').trim().slice(0, 8);
	return { day: get('day'), month: get('month'), year: get('year') };
}

/** The UTC midnight of a valid date, `null` when every box is empty, or a message saying what is wrong. */
export function parseDateParts(p: DateParts, label: string): Date | null | string {
	if (!p.day && !p.month && !p.year) return null;
	const missing = (['day', 'month', 'year'] as const).filter((k) => !p[k]);
	if (missing.length) return `${label} must include a ${missing.join(' and ')}`;
	if (![p.day, p.month, p.year].every((v) => /^\d+$/.test(v)) || p.year.length !== 4) {
		return `${label} must be a real date, for example 27 3 2026`;
	}
	const [d, m, y] = [Number(p.day), Number(p.month), Number(p.year)];
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
		return `${label} must be a real date, for example 27 3 2026`;
	}
	return date;
}

export function parseAuditFilter(params: URLSearchParams): AuditFilter {
	const values: AuditFilterValues = {
		actor: (params.get('actor') ?? '').trim().slice(0, 254),
		action: (params.get('action') ?? '').trim(),
		from: parts(params, 'from'),
		to: parts(params, 'to')
	};
	const errors: AuditFilter['errors'] = {};
	const search: AuditFilter['search'] = {};
	if (values.actor) search.actorEmail = values.actor;
	if (values.action) {
		if ((AUDIT_ACTIONS as readonly string[]).includes(values.action)) search.action = values.action;
		else errors.action = 'Choose an action from the list';
	}
	const from = parseDateParts(values.from, 'The start date');
	const to = parseDateParts(values.to, 'The end date');
	if (typeof from === 'string') errors.from = from;
	else if (from) search.from = from;
	if (typeof to === 'string') errors.to = to;
	else if (to) search.before = new Date(to.getTime() + 24 * 60 * 60 * 1000);
	if (from instanceof Date && to instanceof Date && to < from) {
		errors.to = 'The end date must be the same as or after the start date';
		delete search.before;
	}
	const page = Number(params.get('page') ?? '1');
	return { values, errors, search, page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1 };
}
