/**
 * The "Personal-data guard" section of Admin › Settings: whether the guard warns or blocks, and the
 * organisation's hospital-number pattern. The change is audited with the before and after values
 * (settings, not personal data).
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { hospitalNumberPatternError } from '$lib/governance/personal-data';
import { formFields } from '$lib/schemas/auth';
import { GUARD_MODES, type GuardMode } from '$lib/schemas/personal-data';
import { requireAdmin } from '../authz/guards';
import { audit } from './audit';
import { timedPatternCheck } from './rule-validation';
import { getSetting, setSetting } from './settings';

const HOSPITAL_PATTERN_TOO_SLOW =
	'The hospital number pattern is too slow: it backtracks a lot on long text, and it runs as people type. Avoid nested repeats like ([A-Z]+\\d?)+ and overlapping alternatives; for example \\b[A-Z]{1,3}\\d{6,8}\\b.';
const HOSPITAL_PATTERN_EMPTY =
	'The hospital number pattern can match empty text, so it would flag every position. Make every part of it match at least 1 character.';

/** The section's current values, for the page load. */
export async function guardSettingsForPage(): Promise<{ mode: GuardMode; hospitalNumberPattern: string }> {
	const [mode, hospitalNumberPattern] = await Promise.all([
		getSetting('guard.mode'),
		getSetting('guard.hospitalNumberPattern')
	]);
	return { mode, hospitalNumberPattern };
}

/** `?/saveGuard`: validates both fields, saves them, and audits what changed. */
export async function saveGuard(event: RequestEvent) {
	const admin = requireAdmin(event);
	const { guardMode, hospitalNumberPattern } = formFields(await event.request.formData(), [
		'guardMode',
		'hospitalNumberPattern'
	]);
	const mode = guardMode ?? '';
	const pattern = (hospitalNumberPattern ?? '').trim();
	const errors: Record<string, string> = {};
	if (!(GUARD_MODES as readonly string[]).includes(mode)) {
		errors.guardMode = 'Choose whether the guard warns people or blocks the message';
	}
	const problem = hospitalNumberPatternError(pattern);
	if (problem) errors.hospitalNumberPattern = problem;
	else if (pattern) {
		// The pattern runs on every message and, in the browser, on every keystroke: a slow one would hang both.
		const speed = await timedPatternCheck([pattern], 'g');
		if (speed === 'slow') errors.hospitalNumberPattern = HOSPITAL_PATTERN_TOO_SLOW;
		else if (speed === 'empty') errors.hospitalNumberPattern = HOSPITAL_PATTERN_EMPTY;
	}
	if (Object.keys(errors).length) {
		return fail(400, {
			section: 'guard' as const,
			guardMode: mode,
			hospitalNumberPattern: hospitalNumberPattern ?? '',
			errors
		});
	}
	const before = await guardSettingsForPage();
	const savedMode = await setSetting('guard.mode', mode, admin.id);
	const savedPattern = await setSetting('guard.hospitalNumberPattern', pattern, admin.id);
	if (!savedMode.ok || !savedPattern.ok) {
		return fail(400, {
			section: 'guard' as const,
			guardMode: mode,
			hospitalNumberPattern: hospitalNumberPattern ?? '',
			errors: {
				...(savedMode.ok ? {} : { guardMode: savedMode.message }),
				...(savedPattern.ok ? {} : { hospitalNumberPattern: savedPattern.message })
			}
		});
	}
	const after = { mode: savedMode.value, hospitalNumberPattern: savedPattern.value };
	if (before.mode !== after.mode || before.hospitalNumberPattern !== after.hospitalNumberPattern) {
		await audit(event, 'settings.changed', {
			actorId: admin.id,
			targetType: 'setting',
			targetId: 'guard',
			details: {
				before: { 'guard.mode': before.mode, 'guard.hospitalNumberPattern': before.hospitalNumberPattern },
				after: { 'guard.mode': after.mode, 'guard.hospitalNumberPattern': after.hospitalNumberPattern }
			}
		});
	}
	return {
		section: 'guard' as const,
		message:
			after.mode === 'block'
				? 'Saved. Messages that look like they contain personal data will not be sent.'
				: 'Saved. People are warned about personal data and can send anyway with a reason.'
	};
}
