import { fail } from '@sveltejs/kit';
import { findPersonalData, replaceWithPlaceholders } from '$lib/governance/personal-data';
import { formFields } from '$lib/schemas/auth';
import { draftCheckRequestSchema } from '$lib/schemas/draft-checks';
import { requireUser } from '$lib/server/authz/guards';
import { guardConfig } from '$lib/server/chat/guard';
import { checkDraftText } from '$lib/server/governance/style-rules';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	return {};
};

/**
 * Works without JavaScript: the form posts here and the page shows the results. Runs the draft checks
 * and the personal-data guard (with the organisation's hospital-number pattern). The text is not stored.
 */
export const actions: Actions = {
	default: async (event) => {
		requireUser(event);
		const { text } = formFields(await event.request.formData(), ['text']);
		const parsed = draftCheckRequestSchema.safeParse({ text: text ?? '' });
		if (!parsed.success) {
			return fail(400, { text: (text ?? '').slice(0, 60_000), errors: { text: parsed.error.issues[0].message } });
		}
		const [result, { hospitalNumberPattern }] = await Promise.all([checkDraftText(parsed.data.text), guardConfig()]);
		const personalData = findPersonalData(parsed.data.text, { hospitalNumberPattern });
		return {
			text: parsed.data.text,
			readingAge: result.readingAge,
			findings: result.findings,
			personalData,
			redacted: personalData.length ? replaceWithPlaceholders(parsed.data.text, personalData) : null
		};
	}
};
