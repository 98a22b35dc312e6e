import { eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import { modelConnections, type ModelConnectionRow } from '../schema';

export type ModelConnectionPurpose = 'chat' | 'embeddings';

export async function findModelConnection(purpose: ModelConnectionPurpose): Promise<ModelConnectionRow | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(modelConnections).where(eq(modelConnections.purpose, purpose));
	return row;
}

export type ModelConnectionValues = Pick<
	ModelConnectionRow,
	'kind' | 'baseUrl' | 'endpoint' | 'apiVersion' | 'models' | 'defaultModel'
> & {
	/** undefined keeps the stored key; null removes it. */
	apiKeyEncrypted?: string | null;
};

/** Creates or replaces the connection for a purpose. */
export async function saveModelConnection(
	purpose: ModelConnectionPurpose,
	values: ModelConnectionValues,
	updatedBy: string | null
): Promise<ModelConnectionRow> {
	const db = await getDb();
	const set = { ...values, updatedBy, updatedAt: sql`now()` };
	const [row] = await db
		.insert(modelConnections)
		.values({ purpose, ...values, updatedBy })
		.onConflictDoUpdate({ target: modelConnections.purpose, set })
		.returning();
	return row;
}

/** Updates only the model choices (which models, labels, default). */
export async function saveModelChoices(
	purpose: ModelConnectionPurpose,
	values: Pick<ModelConnectionRow, 'models' | 'defaultModel'>,
	updatedBy: string | null
): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(modelConnections)
		.set({ ...values, updatedBy, updatedAt: sql`now()` })
		.where(eq(modelConnections.purpose, purpose))
		.returning({ id: modelConnections.id });
	return rows.length > 0;
}

export async function deleteModelConnection(purpose: ModelConnectionPurpose): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.delete(modelConnections)
		.where(eq(modelConnections.purpose, purpose))
		.returning({ id: modelConnections.id });
	return rows.length > 0;
}
