import { createEmbedder } from './embeddings';
import type { Embedder } from './embeddings/types';
import { effectiveEmbeddingsConfig, onModelConnectionsChanged } from './connections';

let current: Promise<Embedder> | undefined;
let local: Promise<Embedder> | undefined;
let override: Embedder | undefined;

/** A failure to build the embedder (e.g. its server is down) is remembered this long, so that every
 * search does not wait for the same failing connection again. */
const FAILURE_MEMORY_MS = 30_000;

// A saved or removed embedding connection takes effect on the next request, on every instance.
onModelConnectionsChanged(() => {
	current = undefined;
});

async function build(): Promise<Embedder> {
	const settings = await effectiveEmbeddingsConfig();
	if (settings.provider !== 'local') return createEmbedder(settings);
	// The local embedder loads its vectors once per process, whatever else changes.
	if (!local) {
		local = createEmbedder(settings);
		local.catch(() => {
			local = undefined;
		});
	}
	return local;
}

/**
 * The embedder in effect: the environment's EMBEDDINGS_* settings, else the connection saved on
 * Admin › Models, else the built-in local one. Built once and kept until a connection changes.
 */
export function getEmbedder(): Promise<Embedder> {
	if (override) return Promise.resolve(override);
	if (!current) {
		const building = build();
		current = building;
		building.catch(() => {
			setTimeout(() => {
				if (current === building) current = undefined;
			}, FAILURE_MEMORY_MS).unref?.();
		});
	}
	return current;
}

/** Tests and scripts may supply their own embedder (null goes back to the configured one). */
export function useEmbedder(embedder: Embedder | null): void {
	override = embedder ?? undefined;
	current = undefined;
}
