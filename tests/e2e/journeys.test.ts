/** Real Chromium, keyboard only: the first person sets the service up; sign-in errors are easy to fix. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, open } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { focusedElement, tabTo } from './support/keyboard';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
let browser: Browser;

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the first administrator', () => {
	it('signs up with the keyboard, makes a colleague an administrator and signs out', async () => {
		const { context, problems } = await newContext(browser, server.origin);
		const page = await context.newPage();
		const ada = newAccount('Ada Lovelace');

		await open(page, '/sign-up');
		await tabTo(page, page.getByLabel('Full name'));
		await page.keyboard.type(ada.name);
		await tabTo(page, page.getByLabel('Email address'));
		await page.keyboard.type(ada.email);
		await tabTo(page, page.getByLabel('Create a password'));
		await page.keyboard.type(ada.password);
		await page.keyboard.press('Enter');
		// Everyone reads and accepts the acceptable-use statement before using the workspace.
		await page.waitForURL(`${server.origin}/acceptable-use`);
		await tabTo(page, page.getByRole('button', { name: 'I accept' }));
		await page.keyboard.press('Enter');
		await page.waitForURL(`${server.origin}/`);

		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Ada');
		const account = page.getByRole('navigation', { name: 'Account' });
		expect(squash(await account.textContent())).toContain('Signed in as Ada Lovelace');
		await page.getByRole('heading', { level: 2, name: 'Important: Do not enter patient data' }).waitFor();

		// A colleague creates an account elsewhere, as a member.
		const bob = newAccount('Bob Smith');
		const bobCookie = await signUp(client(server.origin), bob);
		expect((await client(server.origin).get('/admin', bobCookie)).status).toBe(403);

		await tabTo(page, page.getByRole('link', { name: 'Admin', exact: true }));
		await page.keyboard.press('Enter');
		await page.waitForURL(`${server.origin}/admin`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Admin');
		expect(await page.getByRole('link', { name: 'Admin', exact: true }).getAttribute('aria-current')).toBe('page');

		await tabTo(page, page.getByRole('link', { name: 'Users and roles' }));
		await page.keyboard.press('Enter');
		await page.waitForURL(`${server.origin}/admin/users`);

		// A role change is confirmed on the person's page before it happens.
		await tabTo(page, page.getByRole('link', { name: 'Bob Smith', exact: true }));
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
		await tabTo(page, page.getByRole('button', { name: 'Make administrator' }));
		await page.keyboard.press('Enter');
		await page.getByText('Make Bob Smith an administrator?').waitFor();
		expect((await client(server.origin).get('/admin', bobCookie)).status).toBe(403);
		await tabTo(page, page.getByRole('button', { name: 'Yes, make administrator' }));
		await page.keyboard.press('Enter');
		await page.getByRole('alert').getByText('Bob Smith is now an administrator').waitFor();
		await page.getByRole('button', { name: 'Make member' }).waitFor();
		expect((await client(server.origin).get('/admin', bobCookie)).status).toBe(200);

		await tabTo(page, page.getByRole('button', { name: 'Sign out' }));
		await page.keyboard.press('Enter');
		await page.waitForURL(`${server.origin}/sign-in`);
		expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);

		await page.goto('/admin');
		expect(page.url()).toBe(`${server.origin}/sign-in?redirectTo=%2Fadmin`);
		expect(problems).toEqual([]);
		await context.close();
	});
});

describe('the sign-in form', () => {
	it('moves focus to the error summary, whose links move focus to the fields', async () => {
		const { context, problems } = await newContext(browser, server.origin);
		const page = await context.newPage();
		await open(page, '/sign-in');

		await tabTo(page, page.getByRole('button', { name: 'Sign in' }));
		await page.keyboard.press('Enter');
		const summary = page.locator('.nhsuk-error-summary');
		await summary.waitFor();
		await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await page.title()).toBe('Error: Sign in – NHS Comms Assist');

		await page.keyboard.press('Tab');
		expect(await focusedElement(page)).toMatchObject({ tag: 'a', href: '#email', text: 'Enter your email address' });
		await page.keyboard.press('Tab');
		expect(await focusedElement(page)).toMatchObject({ tag: 'a', href: '#password', text: 'Enter your password' });
		await page.keyboard.press('Enter');
		await expect.poll(() => focusedElement(page)).toMatchObject({ tag: 'input', id: 'password' });

		// Fix the fields and try again with a wrong password: the new problem gets focus too.
		await page.keyboard.type('not the right password');
		await page.keyboard.press('Shift+Tab');
		expect(await focusedElement(page)).toMatchObject({ tag: 'input', id: 'email' });
		await page.keyboard.type('nobody@nhs.net');
		await page.keyboard.press('Enter');
		await summary.getByText('Enter a correct email address and password').waitFor();
		await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await page.getByLabel('Email address').inputValue()).toBe('nobody@nhs.net');
		expect(problems).toEqual([]);
		await context.close();
	});
});
