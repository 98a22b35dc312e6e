import { getConfig } from '../config';
import { createEmbedder } from './embeddings';
import type { Embedder } from './embeddings/types';

let current: Promise<Embedder> | undefined;

/** The embedder the configuration names, created once per process (the local one loads its vectors once). */
export function getEmbedder(): Promise<Embedder> {
	if (!current) {
		current = createEmbedder(getConfig().embeddings);
		current.catch(() => {
			current = undefined;
		});
	}
	return current;
}

/** Tests and scripts may supply their own embedder. */
export function useEmbedder(embedder: Embedder): void {
	current = Promise.resolve(embedder);
}
