-- The built-in model's vectors get an HNSW index of their own over their 100 real dimensions (about a tenth
-- of the size of the 1,024-wide index, so it stays in shared_buffers); the 1,024-wide index keeps every other
-- model's. Both indexes are built here from the existing passages: on a library of 100,000 passages allow
-- about half a minute.
DROP INDEX "chunks_embedding_hnsw_idx";--> statement-breakpoint
CREATE INDEX "chunks_embedding_local_hnsw_idx" ON "chunks" USING hnsw ((subvector("embedding", 1, 100)::vector(100)) vector_cosine_ops) WHERE "chunks"."searchable" and "chunks"."embedding_model" = 'local:wink-sg-100d:v1';--> statement-breakpoint
CREATE INDEX "chunks_embedding_hnsw_idx" ON "chunks" USING hnsw ("embedding" vector_cosine_ops) WHERE "chunks"."searchable" and "chunks"."embedding_model" <> 'local:wink-sg-100d:v1';