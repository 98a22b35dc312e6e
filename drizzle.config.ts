import { defineConfig } from 'drizzle-kit';

// Generation only needs the schema; migrations are applied by scripts/migrate.ts on both databases.
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema/index.ts',
	out: process.env.DRIZZLE_OUT ?? './migrations',
	casing: 'snake_case'
});
