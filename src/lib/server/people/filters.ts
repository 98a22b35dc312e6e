/** Admin › Users search and filters: by name or email, role, status, team and when people last signed in. */
import type { PersonRow } from '../db/queries/people';
import { isUuid } from '../db/queries/chats';

export const ACTIVITY_FILTERS = {
	'30': 'In the last 30 days',
	'90': 'In the last 90 days',
	stale: 'Not for 90 days or more'
} as const;
export type PeopleFilters = {
	q: string;
	role: '' | 'admin' | 'member';
	status: '' | 'active' | 'deactivated';
	team: string;
	active: '' | keyof typeof ACTIVITY_FILTERS;
};

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | '' {
	return allowed.includes(value as T) ? (value as T) : '';
}

/** Unknown values are ignored rather than refused: a filter bar link should never 400. */
export function parsePeopleFilters(params: URLSearchParams): PeopleFilters {
	const team = params.get('team') ?? '';
	return {
		q: (params.get('q') ?? '').trim().slice(0, 200),
		role: pick(params.get('role'), ['admin', 'member'] as const),
		status: pick(params.get('status'), ['active', 'deactivated'] as const),
		team: isUuid(team) ? team : '',
		active: pick(params.get('active'), ['30', '90', 'stale'] as const)
	};
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function filterPeople(
	people: PersonRow[],
	f: PeopleFilters,
	teamMembers: Set<string> | null,
	now = Date.now()
): PersonRow[] {
	const q = f.q.toLowerCase();
	return people.filter((p) => {
		if (q && !p.name.toLowerCase().includes(q) && !p.email.toLowerCase().includes(q)) return false;
		if (f.role && p.role !== f.role) return false;
		if (f.status === 'active' && p.deactivatedAt) return false;
		if (f.status === 'deactivated' && !p.deactivatedAt) return false;
		if (teamMembers && !teamMembers.has(p.id)) return false;
		const last = p.lastActiveAt?.getTime() ?? 0;
		if (f.active === '30' && now - last > 30 * DAY_MS) return false;
		if (f.active === '90' && now - last > 90 * DAY_MS) return false;
		if (f.active === 'stale' && now - last <= 90 * DAY_MS) return false;
		return true;
	});
}
