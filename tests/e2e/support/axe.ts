/** axe-core, injected into the page under test, checking WCAG 2.2 AA. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Violation = {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: unknown[]; failureSummary?: string }[];
};

/**
 * Violations on the page as readable lines (empty when it passes). axe is evaluated through the
 * DevTools protocol rather than a script tag, so the app's Content Security Policy stays switched on.
 */
export async function axeViolations(page: Page): Promise<string[]> {
	const loaded = await page.evaluate(() => 'axe' in window);
	if (!loaded) await page.evaluate(axeSource);
	const violations = await page.evaluate(async (tags) => {
		const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown }> } })
			.axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return result.violations;
	}, WCAG_TAGS);
	return (violations as Violation[]).map(
		(v) =>
			`${v.id} (${v.impact}): ${v.help}\n` +
			v.nodes.map((n) => `    at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join('\n')
	);
}
