/**
 * The search synonym list: seeded from wordlists/nhs-synonyms.json, edited by admins at /admin/synonyms,
 * kept compiled in memory and dropped on every instance when an admin changes it.
 */
import seed from '../../../../wordlists/nhs-synonyms.json';
import { sharedCache } from '../cluster/caches';
import { listSynonyms, seedSynonymsIfEmpty } from '../db/queries/synonyms';
import { compileSynonyms, type CompiledSynonyms, type SynonymGroup } from './expansion';

/** Also reloaded now and then, in case a message from another instance was missed. */
const CACHE_MS = 5 * 60_000;
let cache: { at: number; value: Promise<CompiledSynonyms> } | undefined;

/** The built-in groups from the word list. */
export function builtinSynonymGroups(): SynonymGroup[] {
	return seed.groups.map((g) => ({ term: g.term, synonyms: [...g.synonyms] }));
}

/** Seeds the built-in groups into an empty table; returns how many were added. */
export async function seedSynonyms(): Promise<number> {
	const added = await seedSynonymsIfEmpty(builtinSynonymGroups());
	if (added) invalidateSynonymCache();
	return added;
}

/** Call after an admin changes the list: every instance reloads it. */
export const invalidateSynonymCache: () => void = sharedCache('search-synonyms', () => {
	cache = undefined;
});

/** The compiled list, loaded once and shared by concurrent searches. */
export function currentSynonyms(): Promise<CompiledSynonyms> {
	if (!cache || Date.now() - cache.at > CACHE_MS) {
		const entry = {
			at: Date.now(),
			value: listSynonyms().then((rows) => compileSynonyms(rows.map((r) => ({ term: r.term, synonyms: r.synonyms }))))
		};
		cache = entry;
		entry.value.catch(() => {
			if (cache === entry) cache = undefined;
		});
	}
	return cache.value;
}
