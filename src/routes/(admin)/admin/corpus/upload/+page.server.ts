import { fail, redirect } from '@sveltejs/kit';
import { MAX_FILES_PER_UPLOAD } from '$lib/schemas/corpus';
import { requireAdmin } from '$lib/server/authz/guards';
import { getConfig } from '$lib/server/config';
import { uploadLimitWords } from '$lib/server/corpus/views';
import { findCollectionBySlug, listCollections } from '$lib/server/db/queries/corpus';
import { audit } from '$lib/server/governance/audit';
import { displayName } from '$lib/server/ingestion/errors';
import { startUploadJob } from '$lib/server/ingestion/jobs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const collections = await listCollections();
	return {
		collections: collections.map((c) => ({ slug: c.slug, name: c.name })),
		selected: event.url.searchParams.get('collection') ?? '',
		maxUploadBytes: getConfig().corpus.maxUploadBytes,
		maxUploadWords: uploadLimitWords()
	};
};

export const actions: Actions = {
	default: async (event) => {
		const admin = requireAdmin(event);
		const form = await event.request.formData();
		const slug = String(form.get('collection') ?? '');
		const draft = form.get('draft') === 'yes';
		// A file input left empty still sends one nameless, empty part.
		const files = form.getAll('files').filter((f): f is File => f instanceof File && (f.name !== '' || f.size > 0));
		const kept = { collection: slug, draft };

		const errors: Record<string, string> = {};
		const collection = slug ? await findCollectionBySlug(slug) : undefined;
		if (!slug) errors.collection = 'Choose a collection for the documents';
		else if (!collection) errors.collection = 'That collection no longer exists. Choose another collection.';
		if (files.length === 0) errors.files = 'Select at least one file';
		else if (files.length > MAX_FILES_PER_UPLOAD) {
			errors.files = `Select ${MAX_FILES_PER_UPLOAD} files or fewer. You can upload the rest afterwards.`;
		}
		if (!collection || Object.keys(errors).length) return fail(400, { ...kept, errors });

		const { maxUploadBytes } = getConfig().corpus;
		const staged = await Promise.all(
			files.map(async (file) =>
				file.size > maxUploadBytes
					? {
							fileName: file.name,
							bytes: new Uint8Array(0),
							refused: `${displayName(file.name)}: the file is larger than ${uploadLimitWords()}. Split it into smaller documents and upload them separately.`
						}
					: { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
			)
		);
		const job = await startUploadJob({ collectionId: collection.id, draft, actorId: admin.id, files: staged });
		await audit(event, 'corpus.upload_started', {
			actorId: admin.id,
			targetType: 'job',
			targetId: job.id,
			details: { files: staged.length }
		});
		redirect(303, `/admin/corpus/jobs/${job.id}`);
	}
};
