/**
 * Every page passes axe (WCAG 2.2 AA) on a desktop and on a 320px-wide phone, where it must also
 * fit without scrolling sideways (WCAG 1.4.10 Reflow). Set E2E_SCREENSHOTS=/some/dir to keep a
 * full-page screenshot of each page for a visual check.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { DESKTOP, launchBrowser, NARROW, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { focusedElement } from './support/keyboard';
import { startServer, type TestServer } from './support/server';

type Who = 'guest' | 'admin' | 'member';
type PageCase = { name: string; path: string; who: Who; status: number; prepare?: (page: Page) => Promise<void> };

/** Submits the form on the page empty, so that the error summary and inline errors show. */
async function submitEmpty(page: Page): Promise<void> {
	await page.locator('main button[type="submit"]').click();
	await page.locator('.nhsuk-error-summary').waitFor();
	await page.locator('.nhsuk-error-message').first().waitFor();
}

const pages: PageCase[] = [
	{ name: 'sign in', path: '/sign-in', who: 'guest', status: 200 },
	{ name: 'sign in, with errors', path: '/sign-in', who: 'guest', status: 200, prepare: submitEmpty },
	{ name: 'create an account', path: '/sign-up', who: 'guest', status: 200 },
	{ name: 'create an account, with errors', path: '/sign-up', who: 'guest', status: 200, prepare: submitEmpty },
	{ name: 'workspace', path: '/', who: 'admin', status: 200 },
	{ name: 'admin', path: '/admin', who: 'admin', status: 200 },
	{ name: 'users and roles', path: '/admin/users', who: 'admin', status: 200 },
	{ name: 'your account', path: '/account', who: 'member', status: 200 },
	{ name: 'reset link, expired', path: '/reset-password/not-a-live-link', who: 'guest', status: 200 },
	{ name: 'invitation link, expired', path: '/join/not-a-live-link', who: 'guest', status: 200 },
	{ name: 'accessibility statement', path: '/accessibility', who: 'guest', status: 200 },
	{ name: 'privacy', path: '/privacy', who: 'guest', status: 200 },
	{ name: 'terms of use', path: '/terms', who: 'guest', status: 200 },
	{ name: 'help', path: '/help', who: 'guest', status: 200 },
	{ name: 'page not found', path: '/no-such-page', who: 'guest', status: 404 },
	{ name: 'not allowed (member opening admin)', path: '/admin', who: 'member', status: 403 }
];

let server: TestServer;
let browser: Browser;
const contexts = {} as Record<Who, { context: BrowserContext; problems: PageProblems }>;

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
	const http = client(server.origin);
	const cookies: Record<Who, string | undefined> = {
		guest: undefined,
		admin: await signUp(http, newAccount('Ada Lovelace')),
		member: await signUp(http, newAccount('Bob Smith'))
	};
	for (const who of ['guest', 'admin', 'member'] as const) {
		contexts[who] = await newContext(browser, server.origin);
		const value = cookies[who];
		if (value) await contexts[who].context.addCookies([{ name: SESSION_COOKIE, value, url: server.origin }]);
	}
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function openAs(who: Who, pagePath: string, width: number): Promise<{ page: Page; status: number }> {
	const page = await contexts[who].context.newPage();
	await page.setViewportSize({ width, height: width === NARROW.width ? NARROW.height : DESKTOP.height });
	return { page, status: await open(page, pagePath) };
}

for (const { width } of [DESKTOP, NARROW]) {
	describe(`at ${width}px wide`, () => {
		it.each(pages)(
			'$name ($path) has no WCAG 2.2 AA violations',
			async ({ name, path: pagePath, who, status, prepare }) => {
				const problemsBefore = contexts[who].problems.length;
				const { page, status: actual } = await openAs(who, pagePath, width);
				try {
					expect(actual).toBe(status);
					await prepare?.(page);
					await page.locator('header.nhsuk-header').waitFor();
					await page.locator('footer.nhsuk-footer').waitFor();

					expect(await axeViolations(page)).toEqual([]);
					if (width === NARROW.width) {
						const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
						expect(scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(width + 1);
					}
					if (process.env.E2E_SCREENSHOTS) {
						const file = `${name.replace(/\W+/g, '-')}-${width}.png`;
						await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOTS, file), fullPage: true });
					}
					expect(contexts[who].problems.slice(problemsBefore)).toEqual([]);
				} finally {
					await page.close();
				}
			}
		);
	});
}

describe('skip link', () => {
	// On the chat screens the first skip link goes straight to the message box.
	it.each([
		['/sign-in', 'guest', 'Skip to main content', '#maincontent'],
		['/', 'admin', 'Skip to message box', '#composer-message']
	] as const)('on %s is the first thing Tab reaches and skips the header', async (pagePath, who, text, href) => {
		const { page } = await openAs(who, pagePath, DESKTOP.width);
		try {
			await page.keyboard.press('Tab');
			expect(await focusedElement(page)).toEqual({ tag: 'a', id: '', text, href });
			// Hidden until focused, then shown on screen.
			const box = await page.locator('.nhsuk-skip-link:focus').boundingBox();
			expect(box?.width).toBeGreaterThan(10);
			expect(box?.height).toBeGreaterThan(10);
			expect(await page.evaluate(() => document.getElementById('maincontent')?.tagName)).toBe('MAIN');

			await page.keyboard.press('Enter');
			await page.keyboard.press('Tab');
			expect(await page.evaluate(() => !!document.activeElement?.closest('#maincontent'))).toBe(true);
		} finally {
			await page.close();
		}
	});
});

describe('NHS look', () => {
	it('sets text, headings and buttons in Arial (the NHS fallback for Frutiger), not the browser default', async () => {
		const { page } = await openAs('guest', '/sign-in', DESKTOP.width);
		try {
			const fonts = await page.evaluate(() =>
				['p', 'h1', 'label', 'input', 'button.nhsuk-button', '.nhsuk-footer'].map((selector) => {
					const el = document.querySelector(selector);
					return `${selector}: ${el ? getComputedStyle(el).fontFamily : 'missing'}`;
				})
			);
			for (const font of fonts) expect(font).toMatch(/: (("?Frutiger W01"?, )?arial, sans-serif)$/i);
		} finally {
			await page.close();
		}
	});
});
