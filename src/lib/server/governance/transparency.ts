/** The AI-use statement for exports: `?disclosure=1` adds it, `0` or nothing leaves it out. */
import { getSetting } from './settings';

export async function disclosureFromQuery(
	params: URLSearchParams
): Promise<{ ok: true; disclosure: string | null } | { ok: false; message: string }> {
	const raw = params.get('disclosure');
	if (raw === null || raw === '' || raw === '0') return { ok: true, disclosure: null };
	if (raw !== '1') return { ok: false, message: 'disclosure must be 1 (add the AI-use statement) or 0' };
	return { ok: true, disclosure: await getSetting('transparency.disclosure') };
}
