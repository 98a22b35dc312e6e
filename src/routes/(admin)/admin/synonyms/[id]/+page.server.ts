import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { requireAdmin } from '$lib/server/authz/guards';
import { findSynonym, updateSynonym } from '$lib/server/db/queries/synonyms';
import { audit } from '$lib/server/governance/audit';
import { readSynonymForm, synonymAuditView, synonymValues } from '$lib/server/retrieval/synonym-form';
import { invalidateSynonymCache } from '$lib/server/retrieval/synonyms';
import type { Actions, PageServerLoad } from './$types';

async function synonymOr404(event: RequestEvent<{ id: string }>) {
	const row = z.uuid().safeParse(event.params.id).success ? await findSynonym(event.params.id) : undefined;
	if (!row) error(404, { message: 'Synonym not found', errorId: event.locals.requestId });
	return row;
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const row = await synonymOr404(event);
	return { synonym: { id: row.id, builtIn: row.builtIn, ...synonymValues(row) } };
};

export const actions: Actions = {
	default: async (event) => {
		const admin = requireAdmin(event);
		const before = await synonymOr404(event);
		const result = await readSynonymForm(await event.request.formData(), before.id);
		if (!result.ok) return fail(400, { values: result.values, errors: result.errors });
		const after = await updateSynonym(before.id, result.data, admin.id);
		if (!after) error(404, { message: 'Synonym not found', errorId: event.locals.requestId });
		invalidateSynonymCache();
		await audit(event, 'synonym.updated', {
			actorId: admin.id,
			targetType: 'search_synonym',
			targetId: before.id,
			details: { before: synonymAuditView(before), after: synonymAuditView(after) }
		});
		return { message: `Saved "${after.term}"`, values: synonymValues(after) };
	}
};
