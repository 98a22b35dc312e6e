/**
 * Rate limits are counted in the database of each test server, so each scenario gets its own server and
 * cannot be tripped by (or trip) another test file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, errorSummary, newAccount, sessionSetCookie, signIn, signUp, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

const GENERIC = 'Enter a correct email address and password';

describe('failed sign-ins for one account', () => {
	let server: TestServer;
	let http: Client;
	const victim = newAccount('Fay Morgan');
	const bystander = newAccount('Gus Hughes');

	beforeAll(async () => {
		server = await startServer();
		http = client(server.origin);
		await signUp(http, victim);
		await signUp(http, bystander);
	});
	afterAll(() => server?.stop());

	it('lock that account for 15 minutes after 5 failures, even with the right password', async () => {
		for (let i = 1; i <= 5; i++) {
			const res = await http.post('/sign-in', { email: victim.email, password: `wrong guess ${i}` });
			expect(res.status, `attempt ${i}`).toBe(400);
			expect(errorSummary(await res.text()), `attempt ${i}`).toEqual([GENERIC]);
		}

		const locked = await http.post('/sign-in', { email: victim.email, password: 'wrong guess 6' });
		expect(locked.status).toBe(429);
		expect(errorSummary(await locked.text())).toEqual(['Too many attempts. Try again in 15 minutes']);

		const rightPassword = await http.post('/sign-in', { email: victim.email, password: victim.password });
		expect(rightPassword.status).toBe(429);
		expect(sessionSetCookie(rightPassword)).toBeUndefined();
		expect(errorSummary(await rightPassword.text())[0]).toMatch(/^Too many attempts\. Try again in \d+ minutes?$/);
	});

	it('do not lock other accounts', async () => {
		await expect(signIn(http, bystander.email, bystander.password)).resolves.toMatch(/^[a-z2-7]{32}$/);
	});
});

describe('attempts from one address', () => {
	let server: TestServer;
	let http: Client;

	beforeAll(async () => {
		server = await startServer();
		http = client(server.origin);
	});
	afterAll(() => server?.stop());

	it('allow 10 new accounts an hour, then refuse with a time to wait', async () => {
		for (let i = 1; i <= 10; i++) await signUp(http, newAccount(`Person${i} Test`));
		const refused = await http.post('/sign-up', { ...newAccount('Eleventh Person') });
		expect(refused.status).toBe(429);
		expect(sessionSetCookie(refused)).toBeUndefined();
		expect(errorSummary(await refused.text())).toEqual(['Too many attempts. Try again in 60 minutes']);
	});

	it('allow 30 sign-in attempts in 15 minutes, across any accounts, then refuse', async () => {
		for (let i = 1; i <= 30; i++) {
			const res = await http.post('/sign-in', { email: `unknown${i}@nhs.net`, password: 'any old password' });
			expect(res.status, `attempt ${i}`).toBe(400);
		}
		const refused = await http.post('/sign-in', { email: 'unknown31@nhs.net', password: 'any old password' });
		expect(refused.status).toBe(429);
		expect(errorSummary(await refused.text())).toEqual(['Too many attempts. Try again in 15 minutes']);
	});
});
