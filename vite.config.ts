import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

const postgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
	plugins: [sveltekit()],
	// Rolldown's plugin-timing report is advice for bundler authors, not for someone starting the app.
	build: { rolldownOptions: { checks: { bundlerTimings: false } } },
	css: {
		preprocessorOptions: {
			scss: { quietDeps: true, silenceDeprecations: ['import', 'global-builtin'] }
		}
	},
	test: {
		// Integration tests run against embedded PGlite always, and PostgreSQL too when configured.
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'pglite',
					include: ['tests/integration/**/*.test.ts'],
					env: { TEST_DB: 'pglite', LOG_LEVEL: 'warn' },
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			...(postgres
				? [
						{
							extends: true as const,
							test: {
								name: 'postgres',
								include: ['tests/integration/**/*.test.ts'],
								env: { TEST_DB: 'postgres', LOG_LEVEL: 'warn' },
								testTimeout: 30_000,
								hookTimeout: 60_000
							}
						}
					]
				: [])
		]
	}
});
