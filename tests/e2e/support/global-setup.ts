import type { TestProject } from 'vitest/node';
import { assertBuilt, createPgliteTemplate } from './server';

/**
 * Fails the whole run at once, with the fix in the message, when there is no build to test; then
 * prepares the migrated PGlite directory that every server's database starts as a copy of.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
	assertBuilt();
	if (process.env.E2E_DATABASE_URL) return;
	const template = await createPgliteTemplate();
	project.provide('pgliteTemplate', template.env.DATA_DIR);
	return template.remove;
}
