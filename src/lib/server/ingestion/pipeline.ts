/**
 * One file in, one document version out: parse → chunk → embed → save in a single transaction.
 * A problem with the file comes back as a result (not a throw) so a batch carries on.
 */
import path from 'node:path';
import { sourceUrlSchema } from '$lib/schemas/corpus';
import { getConfig } from '../config';
import { findCurrentByHash, saveDocumentVersion } from '../db/queries/corpus';
import { audit } from '../governance/audit';
import { getEmbedder } from '../llm/current-embedder';
import { toStorageVector } from '../llm/embeddings/storage';
import { invalidateKeywordStats } from '../retrieval/keywords';
import { chunkDocument } from './chunking';
import { IngestionError, displayName } from './errors';
import { readFrontMatter, slugify } from './front-matter';
import { contentHash } from './hash';
import { parseDocument } from './parse';

export type IngestRequest = {
	bytes: Uint8Array;
	fileName: string;
	collectionId: string;
	/** Replace this document's file (a new version). */
	documentId?: string;
	title?: string;
	sourceUrl?: string | null;
	owner?: string;
	reviewBy?: string | null;
	draft?: boolean;
	actorId: string | null;
};

export type IngestResult =
	| {
			ok: true;
			fileName: string;
			documentId: string;
			title: string;
			version: number;
			outcome: 'created' | 'new_version' | 'unchanged' | 'duplicate';
			chunkCount: number;
			message: string;
			/** Things left out of an otherwise good file (also in `message`, which the job's file result keeps). */
			warnings: string[];
	  }
	| { ok: false; fileName: string; code: string; message: string };

/**
 * Embedding input: the nearest two headings give a short passage its context (the whole path adds
 * the document title to every passage, which blurs them together; measured with eval:retrieval).
 */
export function embeddingText(heading: string, text: string): string {
	const nearest = heading.split(' › ').slice(-2).join(' › ');
	return nearest ? `${nearest}\n${text}` : text;
}

/**
 * The source web address is shown to every member as a link, so it must pass the same rule as the
 * admin edit form; one that does not is left out (the file is still added) with a warning.
 */
function checkedSourceUrl(value: string | null | undefined, warnings: string[]): string | null {
	const checked = sourceUrlSchema.safeParse(value ?? undefined);
	if (checked.success) return checked.data;
	warnings.push(
		'Its source web address was left out because it is not a web address starting with https:// or http://. ' +
			'Add one on the document’s page if it has a source.'
	);
	return null;
}

export async function ingestFile(req: IngestRequest): Promise<IngestResult> {
	const fileName = displayName(req.fileName);
	try {
		const hash = contentHash(req.bytes);
		if (!req.documentId) {
			const duplicate = await findCurrentByHash(hash);
			if (duplicate) {
				return {
					ok: true,
					fileName,
					documentId: duplicate.id,
					title: duplicate.title,
					version: 0,
					outcome: 'duplicate',
					chunkCount: 0,
					warnings: [],
					message: `${fileName}: already in the guidance library as "${duplicate.title}", so it was not added again.`
				};
			}
		}
		const { type, parsed } = await parseDocument(req.bytes, fileName, { maxBytes: getConfig().corpus.maxUploadBytes });
		const meta = type === 'markdown' ? readFrontMatter(req.bytes) : {};
		const title = (req.title || meta.title || parsed.title || path.parse(fileName).name).slice(0, 300);
		const pieces = chunkDocument(parsed);
		if (pieces.length === 0) throw new IngestionError('no_text', fileName);
		const warnings: string[] = [];
		const sourceUrl = checkedSourceUrl(req.sourceUrl ?? meta.sourceUrl, warnings);

		const embedder = await getEmbedder();
		const headings = pieces.map((c) => c.headingPath.join(' › '));
		const vectors = await embedder.embedDocuments(pieces.map((c, i) => embeddingText(headings[i], c.text)));
		if (vectors.length !== pieces.length) {
			throw new Error(
				`Embedding model ${embedder.id} returned ${vectors.length} vectors for ${pieces.length} passages`
			);
		}
		const saved = await saveDocumentVersion({
			collectionId: req.collectionId,
			documentId: req.documentId,
			slug: slugify(fileName),
			title,
			sourceUrl,
			owner: req.owner ?? meta.owner ?? '',
			reviewBy: req.reviewBy ?? (meta.reviewBy && /^\d{4}-\d{2}-\d{2}$/.test(meta.reviewBy) ? meta.reviewBy : null),
			status: req.draft ? 'draft' : 'published',
			createdBy: req.actorId,
			fileName,
			fileType: type,
			byteSize: req.bytes.byteLength,
			contentHash: hash,
			chunks: pieces.map((c, i) => ({
				position: c.position,
				heading: headings[i],
				text: c.text,
				tokenCount: c.tokenCount,
				embedding: toStorageVector(vectors[i]),
				embeddingModel: embedder.id
			}))
		});
		if (saved.outcome !== 'unchanged') {
			// The set of searchable passages changed, so word rarities for keyword ranking must be recounted.
			invalidateKeywordStats();
			await audit(null, saved.outcome === 'created' ? 'corpus.document_created' : 'corpus.document_version_added', {
				actorId: req.actorId,
				targetType: 'document',
				targetId: saved.documentId,
				details: { after: { title, version: saved.version, fileType: type, chunks: pieces.length } }
			});
		}
		const outcome =
			saved.outcome === 'unchanged'
				? `${fileName}: unchanged since version ${saved.version}, so no new version was made.`
				: saved.outcome === 'created'
					? `${fileName}: added as "${title}" with ${pieces.length} passages.`
					: `${fileName}: saved as version ${saved.version} of "${title}" with ${pieces.length} passages.`;
		const message = [outcome, ...warnings].join(' ');
		return { ok: true, fileName, title, chunkCount: pieces.length, message, warnings, ...saved };
	} catch (e) {
		if (e instanceof IngestionError) return { ok: false, fileName, code: e.code, message: e.message };
		throw e;
	}
}
