/**
 * In real Chromium: link and sign in with single sign-on (a real OpenID Connect provider on this
 * machine), set up two-step verification from Your account, sign out, and sign back in with the
 * password and a code. axe checks each new page.
 */
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startProvider, type TestProvider } from './support/oidc';
import { startServer, type TestServer } from './support/server';

let provider: TestProvider;
let app: TestServer;
let browser: Browser;

beforeAll(async () => {
	provider = await startProvider();
	[app, browser] = await Promise.all([
		startServer({ ...provider.env, OIDC_LABEL: 'Sign in with NHSmail' }),
		launchBrowser()
	]);
	await provider.allowApp(app.origin);
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
	await provider?.stop();
});

function code(secret: string, step = 0): string {
	return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30_000) + step), 6);
}

async function expectAccessible(page: Page, problems: PageProblems) {
	expect(await axeViolations(page)).toEqual([]);
	// The provider's development screens load outside resources, which the test browser blocks.
	// A deliberately wrong code answers 400, which Chromium reports on the console.
	expect(problems.filter((p) => !p.includes(provider.issuer) && !/status of 400/.test(p))).toEqual([]);
}

/** The provider's development screens: any login name, then consent when it asks. */
async function providerLogin(page: Page, login: string) {
	await page.locator('input[name="login"]').fill(login);
	await page.locator('input[name="password"]').fill('any password');
	await page.locator('button[type="submit"]').click();
	await page.waitForLoadState('networkidle');
	if (page.url().startsWith(provider.issuer)) {
		await page.locator('button[type="submit"]').click();
	}
}

it('signs in with SSO, sets up a second factor, and signs back in with a password and a code', async () => {
	const account = newAccount('Jordan Journey');
	const token = await signUp(client(app.origin), account);
	const login = `jordan-${Date.now().toString(36)}`;
	provider.setAccount(login, { email: account.email, name: 'Jordan Journey', groups: [] });

	const { context, problems } = await newContext(browser, app.origin, undefined, [provider.issuer]);
	await context.addCookies([{ name: SESSION_COOKIE, value: token, url: app.origin }]);
	const page = await context.newPage();

	// Link the NHS account from Your account.
	await open(page, '/account');
	await expectAccessible(page, problems);
	await page.getByRole('link', { name: 'Link your NHS account' }).click();
	await providerLogin(page, login);
	await page.waitForURL(`${app.origin}/account`);
	await page.locator('.nhsuk-notification-banner', { hasText: 'Your NHS account is linked' }).waitFor();
	await expectAccessible(page, problems);

	// Sign out, then in with single sign-on.
	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL(/\/sign-in/);
	await open(page, '/sign-in');
	await expectAccessible(page, problems);
	await page.getByRole('link', { name: 'Sign in with NHSmail' }).click();
	if (page.url().startsWith(provider.issuer)) await providerLogin(page, login);
	await page.waitForURL(`${app.origin}/`);

	// Set up two-step verification.
	await open(page, '/account');
	await page.getByRole('button', { name: 'Set up two-step verification' }).click();
	const secretText = await page.getByTestId('totp-secret').textContent();
	const secret = (secretText ?? '').replace(/\s/g, '');
	expect(secret).toMatch(/^[A-Z2-7]{32}$/);
	await expect(page.getByRole('img', { name: /QR code/ }).isVisible()).resolves.toBe(true);
	await expectAccessible(page, problems);
	await page.getByLabel('Security code').fill('000000');
	await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
	await page.locator('.nhsuk-error-summary').waitFor();
	await expectAccessible(page, problems);
	await page.getByLabel('Security code').fill(code(secret));
	await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
	await page.getByTestId('recovery-codes').waitFor();
	expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
	await expectAccessible(page, problems);

	// Sign out; the password alone is not enough any more.
	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL(/\/sign-in/);
	await open(page, '/sign-in');
	await page.getByLabel('Email address').fill(account.email);
	await page.getByLabel('Password').fill(account.password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await page.waitForURL(`${app.origin}/sign-in/mfa`);
	await page.waitForLoadState('networkidle');
	expect((await context.cookies(app.origin)).some((c) => c.name === SESSION_COOKIE)).toBe(false);
	await expectAccessible(page, problems);
	await page.getByLabel('Security code').fill('111111');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.locator('.nhsuk-error-summary').waitFor();
	await expectAccessible(page, problems);
	await page.getByLabel('Security code').fill(code(secret, 1));
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.waitForURL(`${app.origin}/`);
	expect((await context.cookies(app.origin)).some((c) => c.name === SESSION_COOKIE)).toBe(true);
	await context.close();
}, 120_000);
