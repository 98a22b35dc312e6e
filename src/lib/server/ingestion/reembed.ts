import { chunksToEmbed, countChunksToEmbed, saveChunkEmbeddings } from '../db/queries/retrieval';
import { getEmbedder } from '../llm/current-embedder';
import { toStorageVector } from '../llm/embeddings/storage';
import { embeddingText } from './pipeline';

const BATCH = 128;

/** How many chunks still carry another model's vector (or none). */
export async function pendingEmbeddings(): Promise<number> {
	const embedder = await getEmbedder();
	return countChunksToEmbed(embedder.id);
}

/**
 * Re-embeds every chunk whose vector came from another model, in batches, reporting progress.
 * Idempotent and resumable: finished chunks carry the current model id and are not picked again.
 */
export async function reembedChunks(
	onProgress?: (done: number, total: number) => Promise<void> | void
): Promise<number> {
	const embedder = await getEmbedder();
	const total = await countChunksToEmbed(embedder.id);
	let done = 0;
	for (;;) {
		const batch = await chunksToEmbed(embedder.id, BATCH);
		if (!batch.length) break;
		const vectors = await embedder.embedDocuments(batch.map((c) => embeddingText(c.heading, c.text)));
		await saveChunkEmbeddings(
			batch.map((c, i) => ({ id: c.id, embedding: toStorageVector(vectors[i]) })),
			embedder.id
		);
		done += batch.length;
		await onProgress?.(done, Math.max(total, done));
	}
	return done;
}
