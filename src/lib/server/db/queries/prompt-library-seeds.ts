/** The organisation prompt library's shipped examples: which have been added, and adding one. */
import { eq } from 'drizzle-orm';
import { getDb } from '..';
import { promptLibrarySeeds, savedPrompts } from '../schema';

export type SeedPrompt = {
	key: string;
	title: string;
	body: string;
	/** The prompt picker's heading for it (read from the file, never stored). */
	theme?: string;
};

/**
 * Adds one example to the organisation library unless its key was ever added before, in one
 * transaction: the key is claimed first, so of several instances starting at once exactly one adds it
 * (the others wait on the key and then find it taken). Returns whether this call added it.
 */
export async function addSeedPromptOnce(seed: SeedPrompt): Promise<boolean> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [claimed] = await tx
			.insert(promptLibrarySeeds)
			.values({ key: seed.key })
			.onConflictDoNothing({ target: promptLibrarySeeds.key })
			.returning({ key: promptLibrarySeeds.key });
		if (!claimed) return false;
		const [prompt] = await tx
			.insert(savedPrompts)
			.values({ title: seed.title, body: seed.body, visibility: 'organisation', ownerId: null, teamId: null })
			.returning({ id: savedPrompts.id });
		await tx.update(promptLibrarySeeds).set({ promptId: prompt.id }).where(eq(promptLibrarySeeds.key, seed.key));
		return true;
	});
}

/** Every example key ever added, with the prompt it became (null once an administrator deleted it). */
export async function listSeededPromptKeys(): Promise<{ key: string; promptId: string | null }[]> {
	const db = await getDb();
	return db
		.select({ key: promptLibrarySeeds.key, promptId: promptLibrarySeeds.promptId })
		.from(promptLibrarySeeds)
		.orderBy(promptLibrarySeeds.key);
}
