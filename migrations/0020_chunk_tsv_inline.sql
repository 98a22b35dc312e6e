-- Keeps each passage's full-text vector (tsv) in the row itself. A row over about 2 kB has its largest
-- column moved out to the TOAST table: the embedding first, then, in a quarter of the passages of a large
-- library, the tsv (larger than the text). Keyword search reads the tsv once for each question word and
-- once more for the proximity rank, and each read of a moved-out value fetches it again, which cost about
-- half of the keyword half's time at 100,000 passages (`npm run bench:retrieval`; see the README). With
-- storage MAIN the text is moved out instead; it is read only for the passages a search returns.
-- drizzle-kit does not model column storage, so this migration is written by hand.
ALTER TABLE "chunks" ALTER COLUMN "tsv" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "attachment_chunks" ALTER COLUMN "tsv" SET STORAGE MAIN;--> statement-breakpoint
-- The setting applies to rows written from now on: rewriting each row recomputes its generated tsv and
-- stores it under the new rule (about a minute at 100,000 passages, once).
UPDATE "chunks" SET "document_title" = "document_title";--> statement-breakpoint
UPDATE "attachment_chunks" SET "heading" = "heading";
