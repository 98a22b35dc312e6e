/**
 * Named queries for `npm run bench:retrieval` only: they build and measure throw-away benchmark
 * databases (create and drop them, bulk-load synthetic guidance, rebuild the vector index, compare
 * the HNSW index with exact search). Nothing in the app calls them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getDb, type Database } from '..';
import { rowsOf } from './rows';
import { indexedNearest } from './retrieval';

const BENCH_DATABASE = /^nca_bench_[a-z0-9_]{1,40}$/;

function benchDatabaseName(name: string): string {
	// Identifiers cannot be bound as parameters; only names of this fixed shape are ever interpolated.
	if (!BENCH_DATABASE.test(name)) throw new Error(`Refusing to touch database "${name}": not a benchmark database`);
	return name;
}

/** Creates an empty database; run it on a connection to another database of the same server. */
export async function createBenchmarkDatabase(name: string): Promise<void> {
	const db = await getDb();
	await db.execute(sql.raw(`create database ${benchDatabaseName(name)}`));
}

/** Drops a benchmark database, disconnecting anything still connected to it. */
export async function dropBenchmarkDatabase(name: string): Promise<void> {
	const db = await getDb();
	await db.execute(sql.raw(`drop database if exists ${benchDatabaseName(name)} with (force)`));
}

/** The HNSW indexes of `chunks` as the migrations made them (name and full definition). */
export type VectorIndex = { name: string; definition: string };

/**
 * Drops the HNSW indexes so a bulk load does not maintain them row by row, and returns their definitions
 * as PostgreSQL holds them, so that createChunkVectorIndexes builds exactly what the migrations built.
 */
export async function dropChunkVectorIndexes(): Promise<VectorIndex[]> {
	const db = await getDb();
	const indexes = rowsOf<VectorIndex>(
		await db.execute(sql`select indexname as name, indexdef as definition from pg_indexes
			where tablename = 'chunks' and indexdef like '% USING hnsw %' order by indexname`)
	);
	for (const { name } of indexes) await db.execute(sql.raw(`drop index if exists "${name.replace(/"/g, '')}"`));
	return indexes;
}

/**
 * Re-creates indexes dropped by dropChunkVectorIndexes. `maintenanceWorkMem` (e.g. '1GB') lets each graph
 * be built in memory, which is much faster.
 */
export async function createChunkVectorIndexes(indexes: VectorIndex[], maintenanceWorkMem: string): Promise<void> {
	if (!/^\d+(kB|MB|GB)$/.test(maintenanceWorkMem)) throw new Error(`Bad maintenance_work_mem: ${maintenanceWorkMem}`);
	const db = await getDb();
	await db.transaction(async (tx) => {
		await tx.execute(sql.raw(`set local maintenance_work_mem = '${maintenanceWorkMem}'`));
		for (const { definition } of indexes) await tx.execute(sql.raw(definition));
	});
}

/** Refreshes planner statistics (and the visibility map) after a bulk load. */
export async function analyzeCorpusTables(): Promise<void> {
	const db = await getDb();
	for (const table of ['collections', 'documents', 'document_versions', 'chunks']) {
		await db.execute(sql.raw(`vacuum (analyze) ${table}`));
	}
}

export type BenchmarkDocument = {
	collectionId: string;
	slug: string;
	title: string;
	chunks: { heading: string; text: string; tokenCount: number; embedding: number[] }[];
};

/**
 * Inserts published documents (one version each) and their searchable chunks in three statements,
 * passing the rows as one JSON parameter per table: far faster than the per-document transactions of
 * ingestion, and only for building benchmark corpora. Embeddings must already be storage vectors.
 */
export async function bulkInsertChunksForBenchmark(docs: BenchmarkDocument[], embeddingModel: string): Promise<number> {
	if (!docs.length) return 0;
	const documentRows = docs.map((d) => ({
		id: randomUUID(),
		version_id: randomUUID(),
		collection_id: d.collectionId,
		slug: d.slug,
		title: d.title,
		chunk_count: d.chunks.length,
		byte_size: d.chunks.reduce((n, c) => n + c.text.length, 0)
	}));
	const chunkRows = docs.flatMap((d, i) =>
		d.chunks.map((c, position) => ({
			version_id: documentRows[i].version_id,
			document_id: documentRows[i].id,
			collection_id: d.collectionId,
			position,
			heading: c.heading,
			document_title: d.title,
			text: c.text,
			token_count: c.tokenCount,
			embedding: `[${c.embedding.join(',')}]`
		}))
	);
	const db = await getDb();
	await db.transaction(async (tx) => {
		const docsJson = JSON.stringify(documentRows);
		await tx.execute(sql`
			insert into documents (id, collection_id, slug, title, owner, status, current_version)
			select id, collection_id, slug, title, 'Benchmark', 'published', 1
			from json_to_recordset(${docsJson}::json) as t(id uuid, collection_id uuid, slug text, title text)`);
		await tx.execute(sql`
			insert into document_versions (id, document_id, version, content_hash, file_name, file_type, byte_size, chunk_count)
			select version_id, id, 1, md5(id::text), slug || '.md', 'markdown', byte_size, chunk_count
			from json_to_recordset(${docsJson}::json) as t(id uuid, version_id uuid, slug text, byte_size int, chunk_count int)`);
		await tx.execute(sql`
			insert into chunks (version_id, document_id, collection_id, position, heading, document_title, text, token_count,
				searchable, embedding, embedding_model)
			select version_id, document_id, collection_id, position, heading, document_title, text, token_count,
				true, embedding::vector, ${embeddingModel}
			from json_to_recordset(${JSON.stringify(chunkRows)}::json) as t(version_id uuid, document_id uuid,
				collection_id uuid, position int, heading text, document_title text, text text, token_count int, embedding text)`);
	});
	return chunkRows.length;
}

export type NearestSearch = {
	/** Padded storage vector. */
	vector: number[];
	embeddingModel: string;
	limit: number;
	/** hnsw.ef_search for the index path (searchChunks sets it from its candidate count). */
	efSearch: number;
	/** True: disable index scans so Postgres compares the query with every row (the ground truth). */
	exact: boolean;
};

/** The vector half of searchChunks, as it walks the index (or, with index scans off, every row). */
function nearestQuery(search: NearestSearch) {
	return sql`select id, dist as distance from (${indexedNearest(search, search.limit)}) nearest order by dist`;
}

async function withSearchSettings<T>(search: NearestSearch, run: (tx: Pick<Database, 'execute'>) => Promise<T>) {
	const db = await getDb();
	return db.transaction(async (tx) => {
		if (search.exact) {
			await tx.execute(sql`set local enable_indexscan = off`);
			await tx.execute(sql`set local enable_bitmapscan = off`);
		} else {
			await tx.execute(sql.raw(`set local hnsw.ef_search = ${Math.round(search.efSearch)}`));
			await tx.execute(sql`set local hnsw.iterative_scan = relaxed_order`);
		}
		return run(tx);
	});
}

/** Ids of the nearest searchable chunks, by the HNSW index or by exact comparison with every row. */
export async function nearestChunks(search: NearestSearch): Promise<{ id: string; distance: number }[]> {
	const rows = await withSearchSettings(search, async (tx) =>
		rowsOf<{ id: string; distance: number }>(await tx.execute(nearestQuery(search)))
	);
	return rows.map((r) => ({ id: r.id, distance: Number(r.distance) }));
}

/** The plan Postgres chooses for nearestChunks, to show whether the HNSW index is used. */
export async function planNearestChunks(search: NearestSearch): Promise<string> {
	const rows = await withSearchSettings(search, async (tx) =>
		rowsOf<Record<string, string>>(await tx.execute(sql`explain ${nearestQuery(search)}`))
	);
	return rows.map((r) => Object.values(r)[0]).join('\n');
}

/** Row count and on-disk sizes of the chunk table (with its TOAST data) and of the vector indexes. */
export async function chunkStorageStats(): Promise<{ chunks: number; tableBytes: number; vectorIndexBytes: number }> {
	const db = await getDb();
	const [row] = rowsOf<{ chunks: number; table_bytes: string; index_bytes: string | null }>(
		await db.execute(sql`
			select (select count(*)::int from chunks where searchable) as chunks,
				pg_table_size('chunks')::text as table_bytes,
				(select sum(pg_relation_size(format('%I', indexname)::regclass))::text from pg_indexes
					where tablename = 'chunks' and indexdef like '% USING hnsw %') as index_bytes`)
	);
	return {
		chunks: Number(row?.chunks ?? 0),
		tableBytes: Number(row?.table_bytes ?? 0),
		vectorIndexBytes: Number(row?.index_bytes ?? 0)
	};
}

/** Makes a running job look abandoned (its heartbeat `seconds` old), as a stopped instance leaves it. */
export async function ageJobHeartbeatForBenchmark(jobId: string, seconds: number): Promise<void> {
	const db = await getDb();
	await db.execute(sql`update jobs set heartbeat_at = now() - make_interval(secs => ${seconds}) where id = ${jobId}`);
}
