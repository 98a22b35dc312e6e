/**
 * Joining a team is consented to, over plain HTTP with real session cookies: an invitation is the same
 * answer for any address, nothing of the team is visible until the invitee accepts, declining shares
 * nothing, and nobody else can answer someone's invitation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, newAccount, SESSION_COOKIE, signUp, visibleText, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let http: Client;

const admin = newAccount('Ada Admin');
const owner = newAccount('Olu Owner');
const invitee = newAccount('Ivy Invitee');
const outsider = newAccount('Oz Outsider');
const cookies: Record<string, string> = {};
let teamId: string;
let assistantId: string;

beforeAll(async () => {
	server = await startServer();
	http = client(server.origin);
	for (const [key, account] of Object.entries({ admin, owner, invitee, outsider })) {
		cookies[key] = await signUp(http, account);
	}
	const created = await http.post(
		'/teams?/create',
		{ name: 'Press office', description: '' },
		{ cookie: cookies.owner }
	);
	expect(created.status).toBe(303);
	teamId = created.headers.get('location')!.split('/').pop()!;

	const res = await api('POST', '/api/assistants', cookies.owner, {
		name: 'Press release helper',
		description: 'Drafts press releases in NHS style',
		category: 'Media and press',
		instructions: 'Draft a press release with a headline, summary, quote and notes to editors.',
		visibility: 'team',
		teamId,
		status: 'published',
		starters: [],
		intake: {
			mode: 'form',
			questions: [{ id: 'audience', label: 'Who is it for?', type: 'short_text', required: true }]
		}
	});
	expect(res.status, await res.clone().text()).toBe(201);
	assistantId = ((await res.json()) as { id: string }).id;
});
afterAll(() => server?.stop());

function api(method: string, path: string, cookie: string, body?: unknown) {
	return fetch(new URL(path, server.origin), {
		method,
		headers: {
			cookie: `${SESSION_COOKIE}=${cookie}`,
			accept: 'application/json',
			origin: server.origin,
			...(body ? { 'content-type': 'application/json' } : {})
		},
		body: body ? JSON.stringify(body) : undefined
	});
}

async function page(path: string, cookie: string) {
	const res = await http.get(path, cookie);
	return { status: res.status, html: await res.text() };
}

/** The invitation ids in the Join forms of a page. */
function invitationIds(html: string): string[] {
	return [...html.matchAll(/action="\/teams\?\/accept"[\s\S]*?name="invitationId" value="([0-9a-f-]{36})"/g)].map(
		(m) => m[1]
	);
}

/** The owner's message after inviting, with the address taken out. */
async function invite(email: string, role = 'member') {
	const res = await http.post(`/teams/${teamId}?/invite`, { email, role }, { cookie: cookies.owner });
	const html = await res.text();
	const banner = visibleText(html.match(/nhsuk-notification-banner__heading">([\s\S]*?)<\/p>/)?.[1] ?? '');
	return { status: res.status, banner, withoutEmail: banner.replaceAll(email, '<email>') };
}

describe('team invitations over HTTP', () => {
	it('gives the same answer for an address with an account and one without, naming nobody', async () => {
		const known = await invite(invitee.email, 'editor');
		const unknown = await invite(`nobody.${Date.now()}@nhs.net`, 'editor');
		expect(known.status).toBe(200);
		expect(known.banner).toMatch(/Invitation sent/);
		expect(unknown.status).toBe(known.status);
		expect(unknown.withoutEmail).toBe(known.withoutEmail);
		expect(known.banner).not.toContain(invitee.name);
		// The owner sees both waiting, by address only.
		const team = visibleText((await page(`/teams/${teamId}`, cookies.owner)).html);
		expect(team).toContain('Waiting for an answer (2)');
		expect(team).toContain(invitee.email);
	});

	it('shows the invitee nothing of the team until they accept, then the team and its assistant', async () => {
		expect((await page(`/teams/${teamId}`, cookies.invitee)).status).toBe(404);
		expect((await api('GET', `/api/assistants/${assistantId}`, cookies.invitee)).status).toBe(404);

		const home = await page('/', cookies.invitee);
		expect(visibleText(home.html)).toContain('You have been invited to join a team');
		expect(visibleText(home.html)).toMatch(/Press office As editor, invited by Olu Owner\./);
		const [invitationId] = invitationIds(home.html);
		expect(invitationId).toBeDefined();
		expect(invitationIds((await page('/teams', cookies.invitee)).html)).toEqual([invitationId]);

		// Someone else cannot answer it, not even an admin.
		for (const who of ['outsider', 'admin', 'owner']) {
			const res = await http.post('/teams?/accept', { invitationId }, { cookie: cookies[who] });
			expect(res.status).toBe(404);
			expect((await page(`/teams/${teamId}`, cookies.outsider)).status).toBe(404);
		}

		const accepted = await http.post('/teams?/accept', { invitationId }, { cookie: cookies.invitee });
		expect(accepted.status).toBe(303);
		expect(accepted.headers.get('location')).toBe(`/teams/${teamId}`);
		const team = await page(`/teams/${teamId}`, cookies.invitee);
		expect(team.status).toBe(200);
		expect(visibleText(team.html)).toMatch(/You are an editor of this team/);
		expect((await api('GET', `/api/assistants/${assistantId}`, cookies.invitee)).status).toBe(200);
		expect(invitationIds((await page('/', cookies.invitee)).html)).toEqual([]);
		// Answered once: accepting again is a 404, not a second membership.
		expect((await http.post('/teams?/accept', { invitationId }, { cookie: cookies.invitee })).status).toBe(404);
	});

	it('shares nothing when the invitee declines', async () => {
		expect((await invite(outsider.email)).status).toBe(200);
		const [invitationId] = invitationIds((await page('/', cookies.outsider)).html);
		const declined = await http.post('/teams?/decline', { invitationId }, { cookie: cookies.outsider });
		expect(declined.status).toBe(303);
		expect(declined.headers.get('location')).toBe('/teams');
		const teams = visibleText((await page('/teams', cookies.outsider)).html);
		expect(teams).toContain('You are not in any teams yet');
		expect((await page(`/teams/${teamId}`, cookies.outsider)).status).toBe(404);
		expect((await api('GET', `/api/assistants/${assistantId}`, cookies.outsider)).status).toBe(404);
	});

	it('lets only the team’s owners invite', async () => {
		const byInvitee = await http.post(
			`/teams/${teamId}?/invite`,
			{ email: outsider.email, role: 'owner' },
			{ cookie: cookies.invitee }
		);
		expect(byInvitee.status).toBe(403);
		const byOutsider = await http.post(
			`/teams/${teamId}?/invite`,
			{ email: outsider.email, role: 'owner' },
			{ cookie: cookies.outsider }
		);
		expect(byOutsider.status).toBe(404);
		expect(invitationIds((await page('/', cookies.outsider)).html)).toEqual([]);
	});
});
