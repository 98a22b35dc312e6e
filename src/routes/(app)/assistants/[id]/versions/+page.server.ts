import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/authz/guards';
import { listVersions } from '$lib/server/assistants/lifecycle';
import { getAssistant } from '$lib/server/assistants/service';
import { takeFlash } from '$lib/server/flash';
import { diffDefinitions } from '$lib/utils/assistant-diff';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const a = await getAssistant(user, event.params.id);
	if (!a) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
	const result = await listVersions(user, a.id);
	if (!result.ok) error(result.status, { message: result.message, errorId: event.locals.requestId });
	const versions = result.value;

	// ?a=1&b=3 compares two versions; by default the two newest.
	const pick = (name: string, fallback: number | undefined) => {
		const n = Number(event.url.searchParams.get(name));
		return versions.some((v) => v.version === n) ? n : fallback;
	};
	const requested = event.url.searchParams.has('a') || event.url.searchParams.has('b');
	const compareA = pick('a', versions[1]?.version);
	const compareB = pick('b', versions[0]?.version);
	const left = versions.find((v) => v.version === compareA);
	const right = versions.find((v) => v.version === compareB);

	return {
		flash: takeFlash(event.cookies, '/assistants'),
		assistant: { id: a.id, name: a.name, version: a.version, canEdit: a.can.edit },
		versions: versions.map((v) => ({
			version: v.version,
			changeNote: v.changeNote,
			createdByName: v.createdByName,
			createdAt: v.createdAt.toISOString()
		})),
		compare:
			left && right
				? { a: left.version, b: right.version, requested, rows: diffDefinitions(left.definition, right.definition) }
				: null
	};
};
