import { sql } from 'drizzle-orm';
import { getDb } from '..';

/** True when the database answers a trivial query within the timeout. */
export async function pingDatabase(timeoutMs = 2000): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	try {
		const db = await getDb();
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
		});
		await Promise.race([db.execute(sql`select 1`), timeout]);
		return true;
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}

/** How many SQL migrations the database has applied (drizzle's own bookkeeping table). */
export async function appliedMigrationCount(): Promise<number> {
	const db = await getDb();
	const result = await db.execute(sql`select count(*) as count from drizzle.__drizzle_migrations`);
	const rows = Array.isArray(result) ? result : ((result as { rows?: { count: number | string }[] }).rows ?? []);
	return Number((rows[0] as { count: number | string } | undefined)?.count ?? 0);
}
