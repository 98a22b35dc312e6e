import { z } from 'zod';
import { findCollectionBySlug, insertCollection } from '../db/queries/corpus';
import type { Collection } from '../db/schema';
import { audit } from '../governance/audit';

export const collectionSlug = z
	.string()
	.trim()
	.min(2, 'Slug must be 2 characters or more')
	.max(60, 'Slug must be 60 characters or fewer')
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Slug can only contain lower-case letters, numbers and single hyphens');

/** Title-cases a slug for a collection created on the fly ("inclusive-language" → "Inclusive language"). */
export function nameFromSlug(slug: string): string {
	const words = slug.replace(/-/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The collection with this slug, created if missing. */
export async function ensureCollection(
	slug: string,
	details: { name?: string; description?: string; actorId?: string | null } = {}
): Promise<Collection> {
	const existing = await findCollectionBySlug(slug);
	if (existing) return existing;
	const created = await insertCollection({
		slug,
		name: details.name ?? nameFromSlug(slug),
		description: details.description
	});
	await audit(null, 'corpus.collection_created', {
		actorId: details.actorId ?? null,
		targetType: 'collection',
		targetId: created.id,
		details: { after: { slug: created.slug, name: created.name } }
	});
	return created;
}
