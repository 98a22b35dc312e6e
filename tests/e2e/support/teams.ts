/**
 * Joining a team the way people do now: the owner invites an address, and the invitee accepts the
 * invitation listed on their Teams page (plain form posts, as a browser without JavaScript would).
 */
import { expect } from 'vitest';
import type { Client } from './http';

/** The owner invites `email` with `role`, and the invitee (signed in with `inviteeCookie`) accepts. */
export async function joinTeam(
	http: Client,
	teamPath: string,
	ownerCookie: string,
	invitee: { email: string; cookie: string },
	role: 'member' | 'editor' | 'owner' = 'member'
): Promise<void> {
	const invited = await http.post(`${teamPath}?/invite`, { email: invitee.email, role }, { cookie: ownerCookie });
	expect(invited.status).toBe(200);
	const teamId = teamPath.split('/').pop();
	const teams = await (await http.get('/teams', invitee.cookie)).text();
	const forms = teams.split('<form').filter((f) => f.includes('action="/teams?/accept"'));
	const form = forms.find((f) => f.includes(`value="${teamId}"`)) ?? (forms.length === 1 ? forms[0] : undefined);
	const invitationId = form?.match(/name="invitationId" value="([0-9a-f-]{36})"/)?.[1];
	expect(invitationId, `an invitation to ${teamPath} on the invitee's Teams page`).toBeTruthy();
	const accepted = await http.post('/teams?/accept', { invitationId: invitationId! }, { cookie: invitee.cookie });
	expect(accepted.status).toBe(303);
	expect(accepted.headers.get('location')).toBe(teamPath);
}
