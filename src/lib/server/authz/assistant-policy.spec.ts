import { describe, expect, it } from 'vitest';
import { assistantPermissions, type Actor, type Shared } from './assistant-policy';

const owner: Actor = { id: 'owner', role: 'member', teamRoles: new Map() };
const member: Actor = { id: 'member', role: 'member', teamRoles: new Map() };
const admin: Actor = { id: 'admin', role: 'admin', teamRoles: new Map() };

const organisation = (approval: Shared['approval'], liveVersion: number | null): Shared => ({
	ownerId: 'owner',
	teamId: null,
	visibility: 'organisation',
	status: 'published',
	approval,
	liveVersion
});

describe('an organisation assistant and its live version', () => {
	it('is used by everyone once approved', () => {
		expect(assistantPermissions(member, organisation('approved', 1))).toMatchObject({
			view: true,
			use: true,
			edit: false
		});
	});

	it('stays in use by everyone while a newer version waits for approval or was declined', () => {
		for (const approval of ['pending', 'declined'] as const) {
			expect(assistantPermissions(member, organisation(approval, 1))).toMatchObject({
				view: true,
				use: true,
				edit: false
			});
		}
	});

	it('is only its builders’ and administrators’ while no version has been approved', () => {
		expect(assistantPermissions(member, organisation('pending', null))).toMatchObject({ view: false, use: false });
		expect(assistantPermissions(owner, organisation('pending', null))).toMatchObject({
			view: true,
			use: true,
			edit: true
		});
		expect(assistantPermissions(admin, organisation('pending', null))).toMatchObject({ view: true, approve: true });
	});

	it('is nobody else’s once unpublished, live version or not', () => {
		const unpublished = { ...organisation('pending', 1), status: 'draft' as const };
		expect(assistantPermissions(member, unpublished)).toMatchObject({ view: false, use: false });
	});

	it('is overseen as it stands by administrators, not by members, and not when private', () => {
		expect(assistantPermissions(admin, organisation('declined', 1))).toMatchObject({ oversee: true, approve: false });
		expect(assistantPermissions(member, organisation('declined', 1))).toMatchObject({ oversee: false });
		const own = { ...organisation('none', null), visibility: 'private' as const, ownerId: 'admin' };
		expect(assistantPermissions(member, { ...own, ownerId: 'member' })).toMatchObject({ oversee: false });
		expect(assistantPermissions(admin, { ...own, ownerId: 'member' })).toMatchObject({ view: false, oversee: false });
	});
});
