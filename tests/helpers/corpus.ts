/**
 * Helpers for the guidance-library integration tests: fixture files, embedders that need no model,
 * and raw SQL for states no named query produces (row counts, a failing write, a stale job).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '$lib/server/db';
import { createEmbedder, type Embedder } from '$lib/server/llm/embeddings';
import { queryRows } from './test-db';

const fixturesDir = path.resolve('tests/fixtures/ingestion');

/** A file from tests/fixtures/ingestion as uploaded bytes. */
export function fixture(name: string): Uint8Array {
	return new Uint8Array(readFileSync(path.join(fixturesDir, name)));
}

/** Text as the bytes of an uploaded file. */
export function textFile(text: string): Uint8Array {
	return new TextEncoder().encode(text);
}

/** The real embedded model, from the shared conversion cache (built in a few seconds if missing). */
export function localEmbedder(): Promise<Embedder> {
	return createEmbedder({ provider: 'local', cacheDir: path.join(os.tmpdir(), 'nca-wink-cache') });
}

export type FakeEmbedder = Embedder & { documentCalls: number; textsEmbedded: number };

/**
 * A deterministic bag-of-words embedder (each word hashed to one of 32 dimensions): texts that share
 * words are close, so vector search behaves sensibly without loading a model. `id` names the "model".
 */
export function fakeEmbedder(id = 'test:bag-of-words'): FakeEmbedder {
	const dimensions = 32;
	const embed = (text: string): number[] => {
		const v = new Array<number>(dimensions).fill(0);
		v[0] = 0.01; // never a zero vector
		for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
			let h = 2166136261;
			for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
			v[(h >>> 0) % dimensions] += 1;
		}
		return v;
	};
	const embedder: FakeEmbedder = {
		id,
		dimensions,
		documentCalls: 0,
		textsEmbedded: 0,
		async embedDocuments(texts) {
			embedder.documentCalls++;
			embedder.textsEmbedded += texts.length;
			return texts.map(embed);
		},
		async embedQuery(text) {
			return embed(text);
		}
	};
	return embedder;
}

export type CorpusRowCounts = { documents: number; versions: number; chunks: number; corpusAuditEvents: number };

/** Every row the library holds, counted straight from the tables. */
export async function corpusRowCounts(handle: DatabaseHandle): Promise<CorpusRowCounts> {
	const [row] = await queryRows<CorpusRowCounts>(
		handle,
		sql`select
			(select count(*)::int from documents) as documents,
			(select count(*)::int from document_versions) as versions,
			(select count(*)::int from chunks) as chunks,
			(select count(*)::int from audit_events where action like 'corpus.document%') as "corpusAuditEvents"`
	);
	return row;
}

/**
 * Makes the database refuse any chunk whose text contains `marker`, as a full disk or a dropped
 * connection would mid-write. Returns a function that removes the fault.
 */
export async function failChunkWritesContaining(handle: DatabaseHandle, marker: string): Promise<() => Promise<void>> {
	await queryRows(
		handle,
		sql.raw(`create or replace function test_fail_chunk_write() returns trigger language plpgsql as $$
			begin
				if position('${marker.replace(/'/g, "''")}' in new.text) > 0 then
					raise exception 'test fault: chunk write refused';
				end if;
				return new;
			end $$`)
	);
	await queryRows(
		handle,
		sql.raw(
			'create trigger test_fail_chunk_write before insert on chunks for each row execute function test_fail_chunk_write()'
		)
	);
	return async () => {
		await queryRows(handle, sql.raw('drop trigger test_fail_chunk_write on chunks'));
		await queryRows(handle, sql.raw('drop function test_fail_chunk_write()'));
	};
}

/** Pretends the server running a job stopped `seconds` ago: its last heartbeat is that old. */
export async function ageJobHeartbeat(handle: DatabaseHandle, jobId: string, seconds: number): Promise<void> {
	await queryRows(
		handle,
		sql`update jobs set heartbeat_at = now() - make_interval(secs => ${seconds}) where id = ${jobId}::uuid`
	);
}

/** Whether any staged upload bytes are still held for a job. */
export async function jobBytesHeld(handle: DatabaseHandle, jobId: string): Promise<number> {
	const [row] = await queryRows<{ n: number }>(
		handle,
		sql`select count(*)::int as n from job_files where job_id = ${jobId}::uuid and bytes is not null`
	);
	return row.n;
}
