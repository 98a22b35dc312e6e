import {
	attachmentChunksToEmbed,
	countAttachmentChunksToEmbed,
	saveAttachmentChunkEmbeddings
} from '../db/queries/attachments';
import { chunksToEmbed, countChunksToEmbed, saveChunkEmbeddings } from '../db/queries/retrieval';
import { getEmbedder } from '../llm/current-embedder';
import { toStorageVector } from '../llm/embeddings/storage';
import { embeddingText } from './pipeline';

const BATCH = 128;

type Passage = { id: string; heading: string; text: string };

/** The two kinds of indexed passage: guidance chunks, then the passages of chat attachments. */
const SOURCES = [
	{ find: chunksToEmbed, count: countChunksToEmbed, save: saveChunkEmbeddings },
	{ find: attachmentChunksToEmbed, count: countAttachmentChunksToEmbed, save: saveAttachmentChunkEmbeddings }
] as const;

/** How many passages (guidance and attachments) still carry another model's vector (or none). */
export async function pendingEmbeddings(): Promise<number> {
	const embedder = await getEmbedder();
	let n = 0;
	for (const source of SOURCES) n += await source.count(embedder.id);
	return n;
}

/**
 * Re-embeds every guidance chunk and attachment passage whose vector came from another model, in
 * batches, reporting progress. Idempotent and resumable: finished passages carry the current model id
 * and are not picked again.
 */
export async function reembedChunks(
	onProgress?: (done: number, total: number) => Promise<void> | void
): Promise<number> {
	const embedder = await getEmbedder();
	let total = 0;
	for (const source of SOURCES) total += await source.count(embedder.id);
	let done = 0;
	for (const source of SOURCES) {
		for (;;) {
			const batch: Passage[] = await source.find(embedder.id, BATCH);
			if (!batch.length) break;
			const vectors = await embedder.embedDocuments(batch.map((c) => embeddingText(c.heading, c.text)));
			await source.save(
				batch.map((c, i) => ({ id: c.id, embedding: toStorageVector(vectors[i]) })),
				embedder.id
			);
			done += batch.length;
			await onProgress?.(done, Math.max(total, done));
		}
	}
	return done;
}
