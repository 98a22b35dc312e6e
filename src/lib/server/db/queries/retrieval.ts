import { sql, type SQL } from 'drizzle-orm';
import { getDatabase, getDb } from '..';
import { rowsOf } from './rows';
import { OWN_INDEX_DIMENSIONS } from '../../llm/embeddings/types';

export type SearchMode = 'hybrid' | 'vector' | 'keyword';

export type ChunkHit = {
	chunkId: string;
	documentId: string;
	documentTitle: string;
	documentSlug: string;
	heading: string;
	collection: string;
	collectionName: string;
	version: number;
	sourceUrl: string | null;
	text: string;
	score: number;
	vectorRank: number | null;
	keywordRank: number | null;
};

/** A passage found by either half of a search, with each half's score and rank (null when it missed). */
export type ChunkCandidate = Omit<ChunkHit, 'score'> & {
	position: number;
	similarity: number | null;
	keywordScore: number | null;
};

/**
 * HNSW candidate list size (hnsw.ef_search) for a search wanting `candidates` nearest chunks. pgvector's
 * default of 40 gave recall@10 of only 0.82–0.87 at 100,000 chunks (`npm run bench:retrieval`); 400 gives
 * about 0.98 for a few milliseconds more.
 */
export function hnswEfSearch(candidates: number): number {
	return Math.min(1000, Math.max(400, candidates));
}

export type ChunkSearch = {
	mode: SearchMode;
	/** Padded query embedding (vector and hybrid modes). */
	vector?: number[];
	embeddingModel: string;
	/** websearch_to_tsquery input (keyword and hybrid modes). */
	keywordQuery?: string;
	/** Query stems with their rarity weights (IDF): a passage scores the sum of the stems it contains. */
	keywordWeights?: { lexeme: string; weight: number }[];
	collectionIds?: string[];
	k: number;
	/**
	 * Extra share of a stem's weight when it is in the passage's heading (the tsvector's weight A), since
	 * a heading says what the whole passage is about. 0 scores headings like body text.
	 */
	headingBoost?: number;
	/** Weight of ts_rank_cd (how close together the question's words are in the passage); default 1. */
	proximityWeight?: number;
	/** How many candidates each method contributes before fusion. */
	candidates?: number;
	/**
	 * How many passages, by stem score, the keyword half adds the proximity rank to; 0 or unset: all of
	 * them. For measuring: a shortlist of 250 made keyword search at 100,000 passages about 15 % faster at
	 * p95 but lost one question of 133 at hit@1 (README, "How search works"), so it is off.
	 */
	keywordShortlist?: number;
	/**
	 * Compare the query with every passage instead of walking the HNSW index: exact, and cheaper on a
	 * small library (searchGuidance decides by the number of searchable passages).
	 */
	exact?: boolean;
};

function collectionFilter(ids: string[] | undefined): SQL {
	if (!ids || ids.length === 0) return sql``;
	return sql` and c.collection_id in (${sql.join(
		ids.map((id) => sql`${id}::uuid`),
		sql`, `
	)})`;
}

/**
 * The HNSW walk for the current model, written to match its partial index (db/schema/corpus.ts): the
 * predicates name the model as a literal, since PostgreSQL chooses a partial index only when the query's
 * own condition implies the index's, and a bound parameter implies nothing in a generic plan. A model with
 * its own index compares only its real dimensions, which gives the same distances (the rest are zeros).
 */
export function indexedNearest(
	search: Pick<ChunkSearch, 'vector' | 'embeddingModel'>,
	candidates: number,
	filter: SQL = sql``
): SQL {
	const model = search.embeddingModel;
	const dims = Object.hasOwn(OWN_INDEX_DIMENSIONS, model) ? OWN_INDEX_DIMENSIONS[model] : undefined;
	if (dims) {
		const query = `[${search.vector!.slice(0, dims).join(',')}]`;
		const n = sql.raw(String(dims));
		const distance = sql`subvector(c.embedding, 1, ${n})::vector(${n}) <=> ${query}::vector(${n})`;
		return sql`select c.id, ${distance} as dist
			from chunks c
			where c.searchable and c.embedding_model = ${sql.raw(quoteLiteral(model))}${filter}
			order by ${distance}
			limit ${candidates}`;
	}
	const query = `[${search.vector!.join(',')}]`;
	const ownIndexed = Object.keys(OWN_INDEX_DIMENSIONS).map(
		(m) => sql` and c.embedding_model <> ${sql.raw(quoteLiteral(m))}`
	);
	return sql`select c.id, c.embedding <=> ${query}::vector as dist
		from chunks c
		where c.searchable and c.embedding_model = ${model}${sql.join(ownIndexed)}${filter}
		order by c.embedding <=> ${query}::vector
		limit ${candidates}`;
}

/**
 * Every passage of the model compared with the query, for a library small enough that this is cheaper than
 * the index: each distance is computed once (the fenced subquery, `offset 0`, keeps the planner from
 * turning the ordering into an index scan).
 */
function exactNearest(search: Pick<ChunkSearch, 'vector' | 'embeddingModel'>, candidates: number, filter: SQL): SQL {
	return sql`select id, dist from (
			select c.id, c.embedding <=> ${`[${search.vector!.join(',')}]`}::vector as dist
			from chunks c
			where c.searchable and c.embedding_model = ${search.embeddingModel}${filter}
			offset 0
		) scored
		order by dist
		limit ${candidates}`;
}

/** A SQL string literal (for the few fixed model ids a partial index names). */
function quoteLiteral(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The question's stems as tsqueries built once (a materialised CTE, not once per matched passage), and a
 * passage `c`'s score over them: the sum of the rarity (IDF) weights of the stems it contains, more for a
 * stem in its heading. Null when the search has no weighted stems.
 */
function stemScoring(search: ChunkSearch): { cte: SQL; score: SQL } | null {
	const boost = search.headingBoost ?? 0;
	const terms = (search.keywordWeights ?? []).map((w, i) => ({
		column: sql.raw(`t${i}`),
		heading: sql.raw(`h${i}`),
		lexeme: w.lexeme.replace(/["\\]/g, ''),
		weight: Number(w.weight.toFixed(6))
	}));
	if (!terms.length) return null;
	const queries = terms.map((t) =>
		boost
			? sql`to_tsquery('simple', quote_literal(${t.lexeme})) as ${t.column}, to_tsquery('simple', quote_literal(${t.lexeme}) || ':A') as ${t.heading}`
			: sql`to_tsquery('simple', quote_literal(${t.lexeme})) as ${t.column}`
	);
	const scores = terms.map((t) =>
		boost
			? sql`case when c.tsv @@ terms.${t.column} then ${t.weight}::float8 * (case when c.tsv @@ terms.${t.heading} then ${1 + boost}::float8 else 1 end) else 0 end`
			: sql`case when c.tsv @@ terms.${t.column} then ${t.weight}::float8 else 0 end`
	);
	return {
		cte: sql`with terms as materialized (select ${sql.join(queries, sql`, `)}) `,
		score: sql`(${sql.join(scores, sql` + `)})`
	};
}

/**
 * The keyword half: passages matching the question's words, scored by the rarity of the stems they
 * contain (Postgres ranking ignores rarity) plus the proximity rank (ts_rank_cd), which also breaks ties
 * between passages that match the same stems.
 */
function keywordMatches(search: ChunkSearch, candidates: number, filter: SQL): SQL {
	const query = sql`websearch_to_tsquery('english', ${search.keywordQuery}) q`;
	const stems = stemScoring(search);
	const proximity = search.proximityWeight ?? 1;
	// The proximity rank (about four times the cost of one stem's test) goes to every match, or only to the
	// best `shortlist` by stem score, never fewer than the candidates wanted.
	const shortlist = search.keywordShortlist ? Math.max(search.keywordShortlist, candidates) : 0;
	const matching = sql`from chunks c${stems ? sql` cross join terms` : sql``}, ${query} where c.searchable and c.tsv @@ q${filter}`;
	let ranked: SQL;
	if (!stems) ranked = sql`select c.id, ts_rank_cd(c.tsv, q) as rank_score ${matching}`;
	else if (!shortlist)
		ranked = sql`select c.id, ${stems.score} + ${proximity}::float8 * ts_rank_cd(c.tsv, q) as rank_score ${matching}`;
	else
		ranked = sql`select s.id, s.stem_score + ${proximity}::float8 * ts_rank_cd(s.tsv, q) as rank_score
			from (select c.id, c.tsv, ${stems.score} as stem_score ${matching} order by stem_score desc, c.id limit ${shortlist}) s,
				${query}`;
	return sql`kw as (
		${stems?.cte ?? sql``}select id, row_number() over (order by rank_score desc, id) as rank, rank_score from (
			${ranked}
			order by rank_score desc
			limit ${candidates}
		) matched
	)`;
}

/**
 * Candidate chunks of published, current documents: the `candidates` best of each half, unordered
 * (retrieval/fusion.ts ranks them). Vector search uses the current model's partial HNSW index
 * (see indexedNearest) with iterative scanning, so the model and collection filters cannot starve
 * the result list; keyword search uses the GIN index on the generated tsvector.
 */
export async function searchChunks(search: ChunkSearch): Promise<ChunkCandidate[]> {
	const candidates = Math.max(search.candidates ?? search.k * 5, search.k);
	const filter = collectionFilter(search.collectionIds);
	const useVector = search.mode !== 'keyword' && search.vector;
	const useKeyword = search.mode !== 'vector' && search.keywordQuery?.trim();
	if (!useVector && !useKeyword) return [];

	const vectorCte = useVector
		? sql`v as (
			select id, row_number() over (order by dist) as rank, 1 - dist as similarity
			from (${search.exact ? exactNearest(search, candidates, filter) : indexedNearest(search, candidates, filter)}) nearest
		)`
		: sql`v as (select null::uuid as id, null::bigint as rank, null::float8 as similarity where false)`;
	const keywordCte = useKeyword
		? keywordMatches(search, candidates, filter)
		: sql`kw as (select null::uuid as id, null::bigint as rank, null::float4 as rank_score where false)`;

	const details = sql`c.id as "chunkId", c.document_id as "documentId", d.title as "documentTitle", d.slug as "documentSlug",
			c.heading, c.position, col.slug as collection, col.name as "collectionName", dv.version, d.source_url as "sourceUrl",
			c.text`;
	const joins = sql`join chunks c on c.id = f.id
		join documents d on d.id = c.document_id
		join document_versions dv on dv.id = c.version_id
		join collections col on col.id = c.collection_id`;
	// Settings local to a transaction keep the tuning to this query only. JIT compilation costs more than
	// it saves on a query this short, and large keyword match sets push the estimate over its threshold.
	const settings = useVector
		? sql`select set_config('jit', 'off', true), set_config('hnsw.ef_search', ${String(hnswEfSearch(candidates))}, true),
				set_config('hnsw.iterative_scan', 'relaxed_order', true)`
		: sql`select set_config('jit', 'off', true)`;
	const { db, kind } = await getDatabase();
	const run = async (query: SQL, tuned: boolean) =>
		tuned
			? await db.transaction(async (tx) => {
					await tx.execute(settings);
					return rowsOf<ChunkCandidate>(await tx.execute(query));
				})
			: rowsOf<ChunkCandidate>(await db.execute(query));

	let rows: ChunkCandidate[];
	if (kind === 'postgres' && useVector && useKeyword && !search.exact) {
		// On PostgreSQL the two halves run at the same time on two pooled connections, so a hybrid search
		// takes about as long as its slower half instead of both added up. PGlite has one connection, and
		// an exact search runs on a library too small for it to matter: one statement there.
		const [vectorRows, keywordRows] = await Promise.all([
			run(
				sql`with ${vectorCte}
				select ${details}, f.similarity::float8 as similarity, null::float8 as "keywordScore",
					f.rank as "vectorRank", null::bigint as "keywordRank"
				from v f
				${joins}`,
				true
			),
			run(
				sql`with ${keywordCte}
				select ${details}, null::float8 as similarity, f.rank_score::float8 as "keywordScore",
					null::bigint as "vectorRank", f.rank as "keywordRank"
				from kw f
				${joins}`,
				true
			)
		]);
		rows = mergeHalves(vectorRows, keywordRows);
	} else {
		const query = sql`
			with ${vectorCte}, ${keywordCte},
			found as (
				select coalesce(v.id, kw.id) as id, v.rank as vector_rank, kw.rank as keyword_rank,
					v.similarity::float8 as similarity, kw.rank_score::float8 as keyword_score
				from v full outer join kw on kw.id = v.id
			)
			select ${details}, f.similarity, f.keyword_score as "keywordScore", f.vector_rank as "vectorRank",
				f.keyword_rank as "keywordRank"
			from found f
			${joins}`;
		// An exact search runs on a library too small for the settings to matter: no index settings, and
		// estimates far below the JIT threshold, so it skips the transaction's extra round trips.
		rows = await run(query, !search.exact);
	}
	return rows.map((r) => ({
		...r,
		version: Number(r.version),
		position: Number(r.position),
		similarity: r.similarity === null ? null : Number(r.similarity),
		keywordScore: r.keywordScore === null ? null : Number(r.keywordScore),
		vectorRank: r.vectorRank === null ? null : Number(r.vectorRank),
		keywordRank: r.keywordRank === null ? null : Number(r.keywordRank)
	}));
}

/**
 * One candidate per passage from the two halves' rows, as the single statement's full outer join gives
 * them: the vector half's, by its rank, with the keyword half's score where it found the passage too,
 * then the passages only the keyword half found, by its rank.
 */
function mergeHalves(vectorRows: ChunkCandidate[], keywordRows: ChunkCandidate[]): ChunkCandidate[] {
	const byRank = (rank: (r: ChunkCandidate) => number | null) => (a: ChunkCandidate, b: ChunkCandidate) =>
		Number(rank(a)) - Number(rank(b));
	const keyword = new Map(keywordRows.map((r) => [r.chunkId, r]));
	const merged = [...vectorRows].sort(byRank((r) => r.vectorRank)).map((r) => {
		const kw = keyword.get(r.chunkId);
		keyword.delete(r.chunkId);
		return kw ? { ...r, keywordScore: kw.keywordScore, keywordRank: kw.keywordRank } : r;
	});
	return [...merged, ...[...keyword.values()].sort(byRank((r) => r.keywordRank))];
}

/** Chunks whose vector was made by another model (or none), for background re-embedding. */
export async function chunksToEmbed(
	model: string,
	limit: number
): Promise<{ id: string; heading: string; text: string }[]> {
	const db = await getDb();
	return rowsOf(
		await db.execute(sql`
			select id, heading, text from chunks
			where embedding_model is distinct from ${model}
			order by searchable desc, id
			limit ${limit}`)
	);
}

export async function countChunksToEmbed(model: string): Promise<number> {
	const db = await getDb();
	const [row] = rowsOf<{ n: number }>(
		await db.execute(sql`select count(*)::int as n from chunks where embedding_model is distinct from ${model}`)
	);
	return Number(row?.n ?? 0);
}

export async function saveChunkEmbeddings(rows: { id: string; embedding: number[] }[], model: string): Promise<void> {
	if (!rows.length) return;
	const db = await getDb();
	await db.transaction(async (tx) => {
		for (const r of rows) {
			await tx.execute(
				sql`update chunks set embedding = ${`[${r.embedding.join(',')}]`}::vector, embedding_model = ${model} where id = ${r.id}::uuid`
			);
		}
	});
}

/** Marks every vector as stale so that re-embedding redoes all of them (a forced reindex). */
export async function forgetAllEmbeddings(): Promise<void> {
	const db = await getDb();
	await db.execute(sql`update chunks set embedding_model = null`);
}

/** Document frequency of each lexeme among searchable chunks, for weighting query words by rarity. */
export async function searchableLexemeStats(): Promise<{ total: number; df: Map<string, number> }> {
	const db = await getDb();
	const [countRow] = rowsOf<{ n: number }>(
		await db.execute(sql`select count(*)::int as n from chunks where searchable`)
	);
	const rows = rowsOf<{ word: string; ndoc: number }>(
		await db.execute(sql`select word, ndoc from ts_stat('select tsv from chunks where searchable')`)
	);
	return { total: Number(countRow?.n ?? 0), df: new Map(rows.map((r) => [r.word, Number(r.ndoc)])) };
}

/** The 'english' lexemes of each word (empty for stop words), as Postgres full text sees them. */
export async function lexemesOfWords(words: string[]): Promise<Map<string, string[]>> {
	if (!words.length) return new Map();
	const db = await getDb();
	const rows = rowsOf<{ word: string; lexemes: string[] | null }>(
		await db.execute(sql`
			select w as word, (select array_agg(lexeme) from unnest(to_tsvector('english', w))) as lexemes
			from unnest(${`{${words.map((w) => `"${w.replace(/["\\]/g, '')}"`).join(',')}}`}::text[]) as w`)
	);
	return new Map(rows.map((r) => [r.word, r.lexemes ?? []]));
}
