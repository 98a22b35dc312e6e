import { countChunks } from '../db/queries/corpus';
import { startJobWorker, startReembedJob } from './jobs';
import { errorFields, logger } from '../observability/log';
import { pendingEmbeddings } from './reembed';

/**
 * Starts the background job worker and, when the embedding model has changed since passages were
 * embedded, queues re-embedding. Runs after the server is listening; a library with no passages
 * never loads the embedder here.
 */
export function startBackgroundWork(): () => Promise<void> {
	const stop = startJobWorker();
	void (async () => {
		try {
			if ((await countChunks()) === 0) return;
			const pending = await pendingEmbeddings();
			if (pending > 0) {
				logger().info({ pending }, 'passages were embedded with another model: re-embedding in the background');
				await startReembedJob(null);
			}
		} catch (e) {
			logger().error(errorFields(e), 'could not check the embeddings of the guidance library');
		}
	})();
	return stop;
}
