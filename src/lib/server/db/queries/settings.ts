import { eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import { settings } from '../schema';

/** Every stored setting, by key (unset keys are absent). */
export async function readSettings(): Promise<Map<string, unknown>> {
	const db = await getDb();
	const rows = await db.select({ key: settings.key, value: settings.value }).from(settings);
	return new Map(rows.map((r) => [r.key, r.value]));
}

export async function readSetting(key: string): Promise<unknown> {
	const db = await getDb();
	const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
	return row?.value;
}

export async function writeSetting(key: string, value: unknown, updatedBy: string | null): Promise<void> {
	const db = await getDb();
	await db
		.insert(settings)
		.values({ key, value, updatedBy })
		.onConflictDoUpdate({ target: settings.key, set: { value, updatedBy, updatedAt: sql`now()` } });
}
