import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { formFields } from '$lib/schemas/auth';
import { requireAdmin } from '$lib/server/authz/guards';
import { deleteSynonym, insertSynonym, listSynonyms } from '$lib/server/db/queries/synonyms';
import { audit } from '$lib/server/governance/audit';
import { readSynonymForm, synonymAuditView } from '$lib/server/retrieval/synonym-form';
import { invalidateSynonymCache } from '$lib/server/retrieval/synonyms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const rows = await listSynonyms();
	return {
		synonyms: rows.map((r) => ({ id: r.id, term: r.term, synonyms: r.synonyms, builtIn: r.builtIn }))
	};
};

const deleteSchema = z.object({ id: z.uuid({ error: 'Choose a synonym to delete' }) });

export const actions: Actions = {
	add: async (event) => {
		const admin = requireAdmin(event);
		const result = await readSynonymForm(await event.request.formData());
		if (!result.ok) return fail(400, { values: result.values, errors: result.errors });
		const row = await insertSynonym(result.data, admin.id);
		if (!row) {
			return fail(400, {
				values: { term: result.data.term, synonyms: result.data.synonyms.join('\n') },
				errors: { term: `"${result.data.term}" is already in the list: change it there` }
			});
		}
		invalidateSynonymCache();
		await audit(event, 'synonym.created', {
			actorId: admin.id,
			targetType: 'search_synonym',
			targetId: row.id,
			details: { after: synonymAuditView(row) }
		});
		return { message: `Added "${row.term}"` };
	},
	delete: async (event) => {
		const admin = requireAdmin(event);
		const parsed = deleteSchema.safeParse(formFields(await event.request.formData(), ['id']));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message });
		const row = await deleteSynonym(parsed.data.id);
		if (!row) error(404, { message: 'Synonym not found', errorId: event.locals.requestId });
		invalidateSynonymCache();
		await audit(event, 'synonym.deleted', {
			actorId: admin.id,
			targetType: 'search_synonym',
			targetId: row.id,
			details: { before: synonymAuditView(row) }
		});
		return { message: `Deleted "${row.term}"` };
	}
};
