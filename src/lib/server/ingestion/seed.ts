/** Loads the sample NHS guidance corpus (corpus/sample) into an empty library. */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { getConfig } from '../config';
import { countDocuments, listCollections } from '../db/queries/corpus';
import { ensureCollection } from './collections';
import { ingestFile, type IngestResult } from './pipeline';

const sampleDir = path.resolve('corpus', 'sample');

type CollectionSeed = { slug: string; name: string; description: string };

/** Seeds when enabled and the library has no collections or documents; returns what was loaded. */
export async function seedSampleCorpusIfEmpty(log: (line: string) => void = () => {}): Promise<IngestResult[]> {
	if (!getConfig().corpus.seedSample) return [];
	if ((await countDocuments()) > 0 || (await listCollections()).length > 0) return [];

	const seeds = JSON.parse(await readFile(path.join(sampleDir, 'collections.json'), 'utf8')) as CollectionSeed[];
	const results: IngestResult[] = [];
	for (const seed of seeds) {
		const collection = await ensureCollection(seed.slug, { name: seed.name, description: seed.description });
		const folder = path.join(sampleDir, seed.slug);
		const files = (await readdir(folder).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
		for (const file of files) {
			const result = await ingestFile({
				bytes: new Uint8Array(await readFile(path.join(folder, file))),
				fileName: file,
				collectionId: collection.id,
				actorId: null
			});
			log(result.message);
			results.push(result);
		}
	}
	return results;
}
