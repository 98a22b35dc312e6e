/**
 * Organisation settings that admins change on screen. Each has a zod schema and a default; a stored
 * value that no longer parses falls back to the default rather than breaking the product.
 */
import { z } from 'zod';
import { hospitalNumberPatternError } from '$lib/governance/personal-data';
import { sharedCache } from '../cluster/caches';
import { getConfig } from '../config';
import { readSettings, writeSetting } from '../db/queries/settings';

export const SETTING_SCHEMAS = {
	/** Personal-data guard: `warn` lets a person send anyway with a reason; `block` never sends. */
	'guard.mode': z.enum(['warn', 'block']),
	/** Hospital (MRN) numbers, as a regular expression source; empty switches that check off. */
	'guard.hospitalNumberPattern': z.string().superRefine((value, ctx) => {
		const problem = hospitalNumberPatternError(value);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	}),
	/** Chats older than this many days are deleted by the retention job. */
	'retention.days': z.number().int().min(1).max(3650),
	/** The AI-use disclosure a person can add when copying or exporting. */
	'transparency.disclosure': z.string().trim().min(1).max(1000),
	/** Watt-hours per 1,000 tokens (an estimate an admin can change), for the dashboard's energy figure. */
	'metrics.energyWhPer1kTokens': z.number().min(0).max(1000),
	/** Every password account must use two-step verification (asked to set it up at next sign-in). */
	'auth.requireMfa': z.boolean()
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTING_SCHEMAS)[K]>;

export const SETTING_DEFAULTS: { [K in SettingKey]: SettingValue<K> } = {
	'guard.mode': 'warn',
	'guard.hospitalNumberPattern': '\\b[A-Z]{1,3}\\d{6,8}\\b',
	/** The RETENTION_DAYS environment variable (365 unless set); a value an admin saves wins over it. */
	get 'retention.days'() {
		return getConfig().retention.days;
	},
	'transparency.disclosure':
		'This content was drafted with the help of NHS Comms Assist, an AI tool, and checked by a member of our communications team.',
	'metrics.energyWhPer1kTokens': 0.3,
	'auth.requireMfa': false
};

function parse<K extends SettingKey>(key: K, value: unknown): SettingValue<K> {
	const parsed = SETTING_SCHEMAS[key].safeParse(value);
	return parsed.success ? (parsed.data as SettingValue<K>) : SETTING_DEFAULTS[key];
}

let stored: Promise<Map<string, unknown>> | undefined;

/**
 * Drops every instance's copy of the stored settings (setSetting calls it; call it after changing the
 * settings table any other way). Each turn reads several settings, so they are read once, not per turn.
 */
export const invalidateSettingsCache: () => void = sharedCache('settings', () => {
	stored = undefined;
});

/** The stored settings, read once and kept until any instance changes one. */
function storedSettings(): Promise<Map<string, unknown>> {
	if (!stored) {
		const reading = readSettings();
		stored = reading;
		reading.catch(() => {
			if (stored === reading) stored = undefined;
		});
	}
	return stored;
}

export async function getSetting<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
	return parse(key, (await storedSettings()).get(key));
}

/** Whether an administrator has saved this setting (rather than the service using its default). */
export async function isSettingSaved(key: SettingKey): Promise<boolean> {
	return (await storedSettings()).has(key);
}

export async function getAllSettings(): Promise<{ [K in SettingKey]: SettingValue<K> }> {
	const stored = await storedSettings();
	const out = { ...SETTING_DEFAULTS };
	for (const key of Object.keys(SETTING_SCHEMAS) as SettingKey[]) {
		(out as Record<string, unknown>)[key] = parse(key, stored.get(key));
	}
	return out;
}

/** Validates and stores a setting; returns the zod error message when the value is not acceptable. */
export async function setSetting<K extends SettingKey>(
	key: K,
	value: unknown,
	updatedBy: string | null
): Promise<{ ok: true; value: SettingValue<K> } | { ok: false; message: string }> {
	const parsed = SETTING_SCHEMAS[key].safeParse(value);
	if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Invalid value' };
	try {
		await writeSetting(key, parsed.data, updatedBy);
	} finally {
		invalidateSettingsCache();
	}
	return { ok: true, value: parsed.data as SettingValue<K> };
}
