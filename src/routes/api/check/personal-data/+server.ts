import { json } from '@sveltejs/kit';
import { findPersonalData } from '$lib/governance/personal-data';
import { checkPersonalDataSchema } from '$lib/schemas/personal-data';
import { requireApiUser } from '$lib/server/authz/guards';
import { guardConfig } from '$lib/server/chat/guard';
import { parseJsonFields } from '$lib/server/chat/request';
import type { RequestHandler } from './$types';

/** Finds personal data in `text` with the organisation's rules; nothing is stored. */
export const POST: RequestHandler = async (event) => {
	requireApiUser(event);
	const parsed = await parseJsonFields(event.request, checkPersonalDataSchema, event.locals.requestId);
	if (!parsed.ok) return parsed.response;
	const { hospitalNumberPattern } = await guardConfig();
	const findings = findPersonalData(parsed.data.text, { hospitalNumberPattern });
	return json({ findings }, { headers: { 'cache-control': 'no-store' } });
};
