import { fail, redirect } from '@sveltejs/kit';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { createCollectionSchema, type CollectionView } from '$lib/schemas/corpus';
import { requireAdmin } from '$lib/server/authz/guards';
import { takeFlash } from '$lib/server/corpus/flash';
import { toDocumentView, toJobSummary } from '$lib/server/corpus/views';
import { countChunks, findCollectionBySlug, listCollections, listDocuments } from '$lib/server/db/queries/corpus';
import { listRecentJobs } from '$lib/server/db/queries/jobs';
import { audit } from '$lib/server/governance/audit';
import { ensureCollection } from '$lib/server/ingestion/collections';
import { startReembedJob } from '$lib/server/ingestion/jobs';
import { pendingEmbeddings } from '$lib/server/ingestion/reembed';
import type { Actions, PageServerLoad } from './$types';
import { errorFields, logger } from '$lib/server/observability/log';

/** Passages waiting for the current model; 0 when nothing is stored (so the embedder is not loaded for nothing). */
async function waitingPassages(): Promise<number> {
	try {
		return (await countChunks()) === 0 ? 0 : await pendingEmbeddings();
	} catch (e) {
		logger().error(errorFields(e), 'could not count passages waiting to be embedded');
		return 0;
	}
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const collections = await listCollections();
	const filterSlug = event.url.searchParams.get('collection') ?? '';
	const filter = collections.find((c) => c.slug === filterSlug);
	const [documents, jobs, pending] = await Promise.all([
		listDocuments({ collectionId: filter?.id }),
		listRecentJobs(5),
		waitingPassages()
	]);
	const now = new Date();
	return {
		flash: takeFlash(event.cookies),
		collections: collections.map((c): CollectionView => ({
			id: c.id,
			slug: c.slug,
			name: c.name,
			description: c.description,
			documentCount: Number(c.documentCount)
		})),
		filter: filter?.slug ?? '',
		documents: documents.map((d) => toDocumentView(d, now)),
		jobs: jobs.map(toJobSummary),
		pendingEmbeddings: pending
	};
};

export const actions: Actions = {
	createCollection: async (event) => {
		const admin = requireAdmin(event);
		const raw = formFields(await event.request.formData(), ['name', 'slug', 'description']);
		const values = { name: raw.name ?? '', slug: raw.slug ?? '', description: raw.description ?? '' };
		const parsed = createCollectionSchema.safeParse(raw);
		if (!parsed.success) return fail(400, { create: { values, errors: fieldErrors(parsed.error) } });

		const { slug, name, description } = parsed.data;
		const existing = await findCollectionBySlug(slug);
		if (existing) {
			const message = `There is already a collection with the slug ${slug} (“${existing.name}”). Choose a different slug.`;
			return fail(400, { create: { values, errors: { slug: message } } });
		}
		const created = await ensureCollection(slug, { name, description, actorId: admin.id });
		return { created: `Collection “${created.name}” created` };
	},

	reembed: async (event) => {
		const admin = requireAdmin(event);
		const job = await startReembedJob(admin.id);
		await audit(event, 'corpus.reindex_started', {
			actorId: admin.id,
			targetType: 'job',
			targetId: job.id,
			details: { after: { pending: await waitingPassages() } }
		});
		redirect(303, `/admin/corpus/jobs/${job.id}`);
	}
};
