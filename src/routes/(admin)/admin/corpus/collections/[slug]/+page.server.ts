import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { updateCollectionSchema } from '$lib/schemas/corpus';
import { requireAdmin } from '$lib/server/authz/guards';
import { toDocumentView } from '$lib/server/corpus/views';
import { findCollectionBySlug, listDocuments, updateCollection } from '$lib/server/db/queries/corpus';
import { audit } from '$lib/server/governance/audit';
import type { Actions, PageServerLoad } from './$types';

async function collectionOr404(event: RequestEvent<{ slug: string }>) {
	const collection = await findCollectionBySlug(event.params.slug);
	if (!collection) error(404, { message: 'Collection not found', errorId: event.locals.requestId });
	return collection;
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const collection = await collectionOr404(event);
	const documents = await listDocuments({ collectionId: collection.id });
	const now = new Date();
	return {
		collection: { slug: collection.slug, name: collection.name, description: collection.description },
		documents: documents.map((d) => toDocumentView(d, now))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const admin = requireAdmin(event);
		const collection = await collectionOr404(event);
		const raw = formFields(await event.request.formData(), ['name', 'description']);
		const values = { name: raw.name ?? '', description: raw.description ?? '' };
		const parsed = updateCollectionSchema.safeParse(raw);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });

		const { name, description } = parsed.data;
		if (name === collection.name && description === collection.description) {
			return { message: 'No changes to save' };
		}
		await updateCollection(collection.id, { name, description });
		await audit(event, 'corpus.collection_updated', {
			actorId: admin.id,
			targetType: 'collection',
			targetId: collection.id,
			details: {
				before: { name: collection.name, descriptionLength: collection.description.length },
				after: { name, descriptionLength: description.length }
			}
		});
		return { message: `Collection “${name}” saved` };
	}
};
