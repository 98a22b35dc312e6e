import { error, fail } from '@sveltejs/kit';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { dateParts, documentDetailsSchema, documentStatusSchema, type ChunkView } from '$lib/schemas/corpus';
import { requireAdmin } from '$lib/server/authz/guards';
import { getConfig } from '$lib/server/config';
import { compareWithPrevious } from '$lib/server/corpus/version-diff';
import { documentOr404, toDocumentView, toVersionView, uploadLimitWords } from '$lib/server/corpus/views';
import {
	listDocumentVersions,
	listVersionChunks,
	setDocumentStatus,
	updateDocumentDetails
} from '$lib/server/db/queries/corpus';
import { audit } from '$lib/server/governance/audit';
import { ingestFile } from '$lib/server/ingestion/pipeline';
import { invalidateKeywordStats } from '$lib/server/retrieval/keywords';
import type { Actions, PageServerLoad } from './$types';

const STATUS_WORDS = { draft: 'a draft', published: 'published', archived: 'archived' } as const;

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const doc = await documentOr404(event, event.params.id);
	const versions = await listDocumentVersions(doc.id);
	const asked = event.url.searchParams.get('version');
	const shownVersion = asked === null ? doc.currentVersion : Number(asked);
	if (!versions.some((v) => v.version === shownVersion)) {
		error(404, { message: 'That version of the document was not found', errorId: event.locals.requestId });
	}
	const chunks = await listVersionChunks(doc.id, shownVersion);
	const numbers = versions.map((v) => v.version);
	const comparison = event.url.searchParams.has('compare')
		? await compareWithPrevious(doc.id, numbers, shownVersion)
		: null;
	return {
		comparison,
		hasPrevious: numbers.some((v) => v < shownVersion),
		document: toDocumentView(doc),
		versions: versions.map(toVersionView),
		shownVersion,
		chunks: chunks.map((c): ChunkView => ({
			id: c.id,
			position: c.position,
			heading: c.heading,
			text: c.text,
			tokenCount: c.tokenCount
		})),
		reviewByParts: dateParts(doc.reviewBy),
		maxUploadWords: uploadLimitWords()
	};
};

export const actions: Actions = {
	status: async (event) => {
		const admin = requireAdmin(event);
		const doc = await documentOr404(event, event.params.id);
		const parsed = documentStatusSchema.safeParse(formFields(await event.request.formData(), ['status']));
		if (!parsed.success) return fail(400, { status: { errors: { form: parsed.error.issues[0].message } } });
		const { status } = parsed.data;
		if (status === doc.status) return { message: `“${doc.title}” is already ${STATUS_WORDS[status]}` };

		await setDocumentStatus(doc.id, status);
		invalidateKeywordStats();
		await audit(event, 'corpus.document_status_changed', {
			actorId: admin.id,
			targetType: 'document',
			targetId: doc.id,
			details: { before: { status: doc.status }, after: { status } }
		});
		return { message: `“${doc.title}” is now ${STATUS_WORDS[status]}` };
	},

	details: async (event) => {
		const admin = requireAdmin(event);
		const doc = await documentOr404(event, event.params.id);
		const raw = formFields(await event.request.formData(), [
			'title',
			'sourceUrl',
			'owner',
			'reviewBy-day',
			'reviewBy-month',
			'reviewBy-year'
		]);
		const values = {
			title: (raw.title ?? '').slice(0, 1000),
			sourceUrl: (raw.sourceUrl ?? '').slice(0, 3000),
			owner: (raw.owner ?? '').slice(0, 500),
			reviewBy: {
				day: (raw['reviewBy-day'] ?? '').slice(0, 10),
				month: (raw['reviewBy-month'] ?? '').slice(0, 10),
				year: (raw['reviewBy-year'] ?? '').slice(0, 10)
			}
		};
		const parsed = documentDetailsSchema.safeParse(values);
		if (!parsed.success) return fail(400, { details: { values, errors: fieldErrors(parsed.error) } });

		const before = { title: doc.title, sourceUrl: doc.sourceUrl, owner: doc.owner, reviewBy: doc.reviewBy };
		const after = parsed.data;
		if (JSON.stringify(before) === JSON.stringify(after)) return { message: 'No changes to save' };
		await updateDocumentDetails(doc.id, after);
		await audit(event, 'corpus.document_updated', {
			actorId: admin.id,
			targetType: 'document',
			targetId: doc.id,
			details: { before, after }
		});
		return { message: `Details of “${after.title}” saved` };
	},

	replace: async (event) => {
		const admin = requireAdmin(event);
		const doc = await documentOr404(event, event.params.id);
		const file = (await event.request.formData()).get('file');
		if (!(file instanceof File) || (file.name === '' && file.size === 0)) {
			return fail(400, { replace: { errors: { file: 'Select a file' } } });
		}
		if (file.size > getConfig().corpus.maxUploadBytes) {
			const message = `The file is larger than ${uploadLimitWords()}. Split it into smaller documents and upload them separately.`;
			return fail(400, { replace: { errors: { file: message } } });
		}
		const result = await ingestFile({
			bytes: new Uint8Array(await file.arrayBuffer()),
			fileName: file.name,
			collectionId: doc.collectionId,
			documentId: doc.id,
			actorId: admin.id
		});
		if (!result.ok) return fail(400, { replace: { errors: { file: result.message } } });
		return { message: result.message };
	}
};
