import { describe, expect, it } from 'vitest';
import { allowedByGroups, profileFromClaims, roleFromGroups, teamsFromGroups } from './sso-profile';

describe('profileFromClaims', () => {
	it('prefers Entra oid over sub, and lower-cases the email', () => {
		const p = profileFromClaims(
			{
				iss: 'https://login.microsoftonline.com/t/v2.0',
				sub: 'pairwise',
				oid: 'object-id',
				email: 'Jo.Bloggs@NHS.net',
				name: 'Jo Bloggs',
				groups: ['a']
			},
			'groups'
		);
		expect(p).toMatchObject({ subject: 'object-id', email: 'jo.bloggs@nhs.net', name: 'Jo Bloggs', groups: ['a'] });
	});
	it('falls back to sub and preferred_username', () => {
		const p = profileFromClaims({ iss: 'i', sub: 's', preferred_username: 'a@b.nhs.uk' }, 'groups');
		expect(p).toMatchObject({ subject: 's', email: 'a@b.nhs.uk', groups: [] });
	});
	it('has no email when no claim looks like one', () => {
		expect(profileFromClaims({ iss: 'i', sub: 's', preferred_username: 'jbloggs' }, 'groups').email).toBeNull();
	});
	it('reports group overage as unknown groups, not as no groups', () => {
		const p = profileFromClaims({ iss: 'i', sub: 's', _claim_names: { groups: 'src1' } }, 'groups');
		expect(p.groups).toBeNull();
	});
	it('reads a custom groups claim', () => {
		expect(profileFromClaims({ iss: 'i', sub: 's', roles: ['Admins'] }, 'roles').groups).toEqual(['Admins']);
	});
	it('vouches for an email only when the email claim itself is verified (or Entra says its domain owner did)', () => {
		const verified = (claims: Record<string, unknown>) =>
			profileFromClaims({ iss: 'i', sub: 's', ...claims }, 'groups').emailVerified;
		expect(verified({ email: 'A@nhs.net', email_verified: true })).toBe(true);
		expect(verified({ email: 'a@nhs.net', email_verified: 'true' })).toBe(true);
		expect(verified({ email: 'a@nhs.net', xms_edov: true })).toBe(true);
		expect(verified({ email: 'a@nhs.net' })).toBe(false);
		expect(verified({ email: 'a@nhs.net', email_verified: false })).toBe(false);
		// A user name that looks like an address is not a verified email, whatever email_verified says.
		expect(verified({ preferred_username: 'a@nhs.net', email_verified: true })).toBe(false);
	});
	it('notices an explicitly unverified email', () => {
		expect(
			profileFromClaims({ iss: 'i', sub: 's', email: 'a@b.cc', email_verified: false }, 'groups').emailUnverified
		).toBe(true);
	});
});

describe('group mappings', () => {
	it('leaves roles alone without admin groups', () => {
		expect(roleFromGroups({ adminGroups: [] }, ['x'])).toBeNull();
	});
	it('makes members of an admin group admins, case-insensitively, and others members', () => {
		expect(roleFromGroups({ adminGroups: ['Comms-Admins'] }, ['comms-admins'])).toBe('admin');
		expect(roleFromGroups({ adminGroups: ['Comms-Admins'] }, ['other'])).toBe('member');
	});
	it('places people in every team one of their groups maps to', () => {
		const teams = teamsFromGroups(
			{
				teamGroups: [
					{ group: 'g1', team: 'Press' },
					{ group: 'g2', team: 'Press' },
					{ group: 'g3', team: 'Digital' }
				]
			},
			['g2']
		);
		expect([...teams]).toEqual([
			['Press', true],
			['Digital', false]
		]);
	});
});

describe('allowed groups', () => {
	it('lets everyone in when none are set, otherwise only members of one of them (case-insensitive)', () => {
		expect(allowedByGroups({ allowedGroups: [] }, [])).toBe(true);
		expect(allowedByGroups({ allowedGroups: ['Comms-Staff', 'press'] }, ['other', 'comms-staff'])).toBe(true);
		expect(allowedByGroups({ allowedGroups: ['comms-staff'] }, ['other'])).toBe(false);
		expect(allowedByGroups({ allowedGroups: ['comms-staff'] }, [])).toBe(false);
	});
});
