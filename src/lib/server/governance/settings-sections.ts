/**
 * Form actions for the transparency and monitoring sections of Admin › Settings. Each one guards,
 * validates, saves and audits (the setting's key and values only: the statement's length, not its text).
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { requireAdmin } from '../authz/guards';
import { audit } from './audit';
import { getSetting, setSetting } from './settings';

export const DISCLOSURE_MAX_CHARS = 1000;

/** `?/saveTransparency`: the AI-use statement. Empty or too long is refused with a message to act on. */
export async function saveTransparency(event: RequestEvent) {
	const admin = requireAdmin(event);
	const { disclosure } = formFields(await event.request.formData(), ['disclosure']);
	const raw = disclosure ?? '';
	const text = raw.trim();
	const problem = !text
		? 'Enter the AI-use statement'
		: text.length > DISCLOSURE_MAX_CHARS
			? `The AI-use statement must be ${DISCLOSURE_MAX_CHARS.toLocaleString('en-GB')} characters or fewer`
			: null;
	if (problem) return fail(400, { section: 'transparency' as const, disclosure: raw, errors: { disclosure: problem } });
	const before = await getSetting('transparency.disclosure');
	const result = await setSetting('transparency.disclosure', text, admin.id);
	if (!result.ok) {
		return fail(400, { section: 'transparency' as const, disclosure: raw, errors: { disclosure: result.message } });
	}
	if (before !== result.value) {
		await audit(event, 'settings.changed', {
			actorId: admin.id,
			targetType: 'setting',
			targetId: 'transparency.disclosure',
			details: { before: { characters: before.length }, after: { characters: result.value.length } }
		});
	}
	return { section: 'transparency' as const, message: 'AI-use statement saved.' };
}

/** `?/saveMetrics`: watt-hours per 1,000 tokens for the dashboard's energy estimate. */
export async function saveMetrics(event: RequestEvent) {
	const admin = requireAdmin(event);
	const { energyWhPer1kTokens } = formFields(await event.request.formData(), ['energyWhPer1kTokens']);
	const raw = (energyWhPer1kTokens ?? '').trim();
	const value = /^\d{1,4}(\.\d{1,6})?$/.test(raw) ? Number(raw) : NaN;
	const before = await getSetting('metrics.energyWhPer1kTokens');
	const result = Number.isNaN(value)
		? { ok: false as const }
		: await setSetting('metrics.energyWhPer1kTokens', value, admin.id);
	if (!result.ok) {
		return fail(400, {
			section: 'metrics' as const,
			energyWhPer1kTokens: raw,
			errors: { energyWhPer1kTokens: 'Enter watt-hours per 1,000 tokens as a number from 0 to 1000, for example 0.3' }
		});
	}
	if (before !== result.value) {
		await audit(event, 'settings.changed', {
			actorId: admin.id,
			targetType: 'setting',
			targetId: 'metrics.energyWhPer1kTokens',
			details: {
				before: { 'metrics.energyWhPer1kTokens': before },
				after: { 'metrics.energyWhPer1kTokens': result.value }
			}
		});
	}
	return {
		section: 'metrics' as const,
		message: `The dashboard now estimates energy at ${result.value} Wh per 1,000 tokens.`
	};
}

/** `?/saveSignIn`: require two-step verification for every password account. */
export async function saveSignIn(event: RequestEvent) {
	const admin = requireAdmin(event);
	const { requireMfa } = formFields(await event.request.formData(), ['requireMfa']);
	const value = requireMfa === 'true';
	const before = await getSetting('auth.requireMfa');
	await setSetting('auth.requireMfa', value, admin.id);
	if (before !== value) {
		await audit(event, 'settings.changed', {
			actorId: admin.id,
			targetType: 'setting',
			targetId: 'auth.requireMfa',
			details: { before: { 'auth.requireMfa': before }, after: { 'auth.requireMfa': value } }
		});
	}
	return {
		section: 'signIn' as const,
		message: value
			? 'Two-step verification is now required. People without it will set it up at their next sign-in.'
			: 'Two-step verification is now optional.'
	};
}
