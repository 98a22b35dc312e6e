/**
 * Debian's Chromium driven by playwright-core. One browser per test file; one context per person.
 * Playwright gives every launch a fresh temporary profile (user-data dir) and removes it on close.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
	if (!existsSync(executablePath)) {
		throw new Error(
			`Chromium was not found at ${executablePath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`
		);
	}
	return chromium.launch({
		executablePath,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run'
		]
	});
}

export type Viewport = { width: number; height: number };
export const DESKTOP: Viewport = { width: 1280, height: 900 };
export const NARROW: Viewport = { width: 320, height: 640 };

/** Problems a person would notice: scripts that fail (including CSP refusals) and console errors. */
export type PageProblems = string[];

/**
 * A new, cookie-less context whose requests cannot leave the test server, and a list that collects
 * page errors and console errors from every page in it.
 */
export async function newContext(
	browser: Browser,
	origin: string,
	viewport: Viewport = DESKTOP,
	/** Other local servers the pages may reach, such as a test sign-in provider. */
	alsoAllow: string[] = []
): Promise<{ context: BrowserContext; problems: PageProblems }> {
	const context = await browser.newContext({ baseURL: origin, viewport, reducedMotion: 'reduce' });
	// Well inside the test timeout, so that a missing element fails with Playwright's own message.
	context.setDefaultTimeout(10_000);
	await context.route(
		(url) => url.origin !== origin && !alsoAllow.includes(url.origin),
		(route) => route.abort('blockedbyclient')
	);
	const problems: PageProblems = [];
	context.on('page', (page) => watch(page, problems));
	return { context, problems };
}

function watch(page: Page, problems: PageProblems): void {
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('console', (message) => {
		// Failed resource loads for expected error statuses (401/403/404 pages) are not script problems.
		if (message.type() === 'error' && !/status of (40[134])/.test(message.text())) {
			problems.push(`console error on ${page.url()}: ${message.text()}`);
		}
	});
}

/** Opens a path and waits until the page's scripts have loaded and hydrated it (network idle). */
export async function open(page: Page, path: string): Promise<number> {
	const res = await page.goto(path);
	await page.waitForLoadState('networkidle');
	return res?.status() ?? 0;
}
