-- Custom migration: pgvector must exist before any table uses the vector type.
-- On PostgreSQL this needs a superuser (or a database where the extension is already created).
CREATE EXTENSION IF NOT EXISTS vector;
