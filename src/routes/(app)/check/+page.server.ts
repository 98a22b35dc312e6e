import { fail } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { draftCheckRequestSchema } from '$lib/schemas/draft-checks';
import { requireUser } from '$lib/server/authz/guards';
import { checkDraftText } from '$lib/server/governance/style-rules';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	return {};
};

/** Works without JavaScript: the form posts here and the page shows the results. The text is not stored. */
export const actions: Actions = {
	default: async (event) => {
		requireUser(event);
		const { text } = formFields(await event.request.formData(), ['text']);
		const parsed = draftCheckRequestSchema.safeParse({ text: text ?? '' });
		if (!parsed.success) {
			return fail(400, { text: (text ?? '').slice(0, 60_000), errors: { text: parsed.error.issues[0].message } });
		}
		const result = await checkDraftText(parsed.data.text);
		return { text: parsed.data.text, readingAge: result.readingAge, findings: result.findings };
	}
};
