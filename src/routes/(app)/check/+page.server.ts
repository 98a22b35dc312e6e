import { fail } from '@sveltejs/kit';
import { findPersonalData, replaceWithPlaceholders } from '$lib/governance/personal-data';
import { formFields } from '$lib/schemas/auth';
import type { SessionUser } from '$lib/schemas/user';
import { draftCheckRequestSchema } from '$lib/schemas/draft-checks';
import { canUseAssistant } from '$lib/server/assistants/service';
import { requireUser } from '$lib/server/authz/guards';
import { guardConfig } from '$lib/server/chat/guard';
import { findBuiltinAssistant } from '$lib/server/db/queries/builtin-assistants';
import { checkDraftText } from '$lib/server/governance/style-rules';
import type { Actions, PageServerLoad } from './$types';

/** The built-in plain-English assistant, when this person may use it, for "Rewrite in plain English". */
async function plainEnglishId(user: SessionUser): Promise<string | null> {
	const builtin = await findBuiltinAssistant('plain-english');
	return builtin && (await canUseAssistant(user, builtin.id)) ? builtin.id : null;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { plainEnglishId: await plainEnglishId(user) };
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
