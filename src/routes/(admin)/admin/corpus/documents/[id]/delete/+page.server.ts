import { redirect } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/authz/guards';
import { setFlash } from '$lib/server/corpus/flash';
import { documentOr404 } from '$lib/server/corpus/views';
import { deleteDocument } from '$lib/server/db/queries/corpus';
import { audit } from '$lib/server/governance/audit';
import { invalidateKeywordStats } from '$lib/server/retrieval/keywords';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const doc = await documentOr404(event, event.params.id);
	return { document: { id: doc.id, title: doc.title } };
};

export const actions: Actions = {
	default: async (event) => {
		const admin = requireAdmin(event);
		const doc = await documentOr404(event, event.params.id);
		await deleteDocument(doc.id);
		invalidateKeywordStats();
		await audit(event, 'corpus.document_deleted', {
			actorId: admin.id,
			targetType: 'document',
			targetId: doc.id,
			details: {
				before: { title: doc.title, collection: doc.collectionSlug, status: doc.status, version: doc.currentVersion }
			}
		});
		setFlash(event.cookies, `“${doc.title}” was deleted`);
		redirect(303, '/admin/corpus');
	}
};
