import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built app (`npm run build` first) in a child process, driven over HTTP and
 * through Debian's Chromium. Each file starts its own server and browser, and files run one at a
 * time because two servers plus Chromium already fill a small machine's CPUs.
 */
export default defineConfig({
	test: {
		name: 'e2e',
		include: ['tests/e2e/**/*.test.ts'],
		environment: 'node',
		fileParallelism: false,
		maxWorkers: 1,
		testTimeout: 30_000,
		hookTimeout: 180_000,
		globalSetup: ['tests/e2e/support/global-setup.ts']
	}
});
