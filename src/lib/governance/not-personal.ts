/**
 * What looks like personal data but is how an organisation is meant to be reached: team and role
 * mailboxes (comms@, press.office@, england.contactus@) and the switchboard or press-office numbers in
 * a press release's media-contact section. The word lists live in wordlists/role-mailboxes.json.
 */
import lists from '../../../wordlists/role-mailboxes.json';
import names from '../../../wordlists/personal-names.json';

const ROLES = new Set(lists.localParts.map((p) => p.toLowerCase()));
const FIRST_NAMES = new Set(names.firstNames.map((n) => n.toLowerCase()));
const CUES = new RegExp(
	`(?:${lists.mediaContactCues.map((c) => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')})`,
	'i'
);

/**
 * True for a team or role mailbox: its local part is a listed role ("pressoffice", "press.office"), or
 * one of its dot, hyphen or underscore separated parts is ("rxx.pals", "england.contactus") and none
 * is a first name ("sarah.comms" is a person).
 */
export function isRoleMailbox(email: string): boolean {
	const local = email.slice(0, email.lastIndexOf('@')).toLowerCase();
	if (ROLES.has(local) || ROLES.has(local.replace(/[._-]/g, ''))) return true;
	const parts = local.split(/[._+-]/).filter(Boolean);
	if (parts.some((p) => FIRST_NAMES.has(p))) return false;
	return parts.some((p) => ROLES.has(p.replace(/\d+$/, '')));
}

/**
 * True when a number at `start` sits in a media-contact section: a cue ("Media contact", "Press office",
 * "Switchboard", "Notes to editors") on its own line before it or on one of the three lines above.
 * A mobile qualifies only with the cue on its own line ("Out of hours: 07700 900123"); under a heading
 * it is more likely a named press officer's own.
 */
export function isMediaContactNumber(text: string, start: number, digits: string): boolean {
	// Only a short stretch before the number matters; slicing first keeps this linear on long texts.
	const lines = text.slice(Math.max(0, start - 400), start).split('\n');
	if (CUES.test(lines[lines.length - 1])) return true;
	if (digits.startsWith('07')) return false;
	return CUES.test(lines.slice(-4).join('\n'));
}
