import { describe, expect, it } from 'vitest';
import { actionLabel, AUDIT_ACTION_GROUPS, unlabelledActions } from './audit-labels';

describe('audit action labels', () => {
	it('gives every action plain words, in exactly one group', () => {
		expect(unlabelledActions()).toEqual([]);
		const all = AUDIT_ACTION_GROUPS.flatMap((g) => Object.keys(g.actions));
		expect(new Set(all).size).toBe(all.length);
	});
	it('says what happened', () => {
		expect(actionLabel('auth.sign_in')).toBe('Signed in');
		expect(actionLabel('user.role_changed')).toBe('Changed a role');
		expect(actionLabel('something.old')).toBe('something.old');
	});
});
