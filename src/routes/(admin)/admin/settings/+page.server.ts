import { fail } from '@sveltejs/kit';
import { acceptableUseTextSchema } from '$lib/schemas/acceptable-use';
import { formFields } from '$lib/schemas/auth';
import { requireAdmin } from '$lib/server/authz/guards';
import { findLatestAcceptableUse, listAcceptableUseVersions } from '$lib/server/db/queries/acceptable-use';
import { publishAcceptableUse } from '$lib/server/governance/acceptable-use';
import { audit } from '$lib/server/governance/audit';
import { getSetting, setSetting } from '$lib/server/governance/settings';
import { saveMetrics, saveSignIn, saveTransparency } from '$lib/server/governance/settings-sections';
import { guardSettingsForPage, saveGuard } from '$lib/server/governance/guard-settings';
import type { Actions, PageServerLoad } from './$types';

/** Organisation settings, one section each: acceptable use, retention (and others added alongside). */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [versions, retentionDays, disclosure, energyWhPer1kTokens, guard, requireMfa] = await Promise.all([
		listAcceptableUseVersions(),
		getSetting('retention.days'),
		getSetting('transparency.disclosure'),
		getSetting('metrics.energyWhPer1kTokens'),
		guardSettingsForPage(),
		getSetting('auth.requireMfa')
	]);
	return {
		acceptableUse: {
			current: versions[0] ? { version: versions[0].version, text: versions[0].text } : null,
			versions: versions.map((v) => ({
				version: v.version,
				publishedAt: v.createdAt.toISOString(),
				acceptances: v.acceptances,
				characters: v.text.length
			}))
		},
		retention: { days: retentionDays },
		transparency: { disclosure },
		metrics: { energyWhPer1kTokens },
		guard,
		signIn: { requireMfa }
	};
};

export const actions: Actions = {
	saveTransparency,
	saveMetrics,
	saveGuard,
	saveSignIn,

	publishAcceptableUse: async (event) => {
		const admin = requireAdmin(event);
		const { statement } = formFields(await event.request.formData(), ['statement']);
		const parsed = acceptableUseTextSchema.safeParse(statement ?? '');
		if (!parsed.success) {
			return fail(400, {
				section: 'acceptableUse' as const,
				statement: statement ?? '',
				errors: { statement: parsed.error.issues[0].message }
			});
		}
		const before = await findLatestAcceptableUse();
		if (before && before.text === parsed.data) {
			return fail(400, {
				section: 'acceptableUse' as const,
				statement: statement ?? '',
				errors: { statement: 'The statement has not changed: edit it before publishing a new version' }
			});
		}
		const row = await publishAcceptableUse(parsed.data, admin.id);
		await audit(event, 'acceptable_use.published', {
			actorId: admin.id,
			targetType: 'acceptable_use',
			targetId: String(row.version),
			details: {
				before: before ? { version: before.version, characters: before.text.length } : null,
				after: { version: row.version, characters: row.text.length }
			}
		});
		return {
			section: 'acceptableUse' as const,
			message: `Version ${row.version} published. Everyone will be asked to accept it when they next use the workspace.`
		};
	},

	saveRetention: async (event) => {
		const admin = requireAdmin(event);
		const { retentionDays } = formFields(await event.request.formData(), ['retentionDays']);
		const raw = (retentionDays ?? '').trim();
		const days = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
		const before = await getSetting('retention.days');
		const result = Number.isNaN(days) ? { ok: false as const } : await setSetting('retention.days', days, admin.id);
		if (!result.ok) {
			return fail(400, {
				section: 'retention' as const,
				retentionDays: raw,
				errors: { retentionDays: 'Enter the number of days as a whole number from 1 to 3650' }
			});
		}
		if (before !== result.value) {
			await audit(event, 'settings.changed', {
				actorId: admin.id,
				targetType: 'setting',
				targetId: 'retention.days',
				details: { before: { 'retention.days': before }, after: { 'retention.days': result.value } }
			});
		}
		return {
			section: 'retention' as const,
			message: `Chats are now kept for ${result.value} days after their last activity.`
		};
	}
};
