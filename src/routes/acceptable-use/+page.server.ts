import { fail, redirect } from '@sveltejs/kit';
import { acceptSchema } from '$lib/schemas/acceptable-use';
import { formFields } from '$lib/schemas/auth';
import { requireUser, safeRedirectTarget } from '$lib/server/authz/guards';
import {
	acceptAcceptableUse,
	findLatestAcceptableUse,
	pendingAcceptableUseVersion
} from '$lib/server/governance/acceptable-use';
import { audit } from '$lib/server/governance/audit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const statement = await findLatestAcceptableUse();
	return {
		statement: statement
			? { version: statement.version, text: statement.text, publishedAt: statement.createdAt.toISOString() }
			: null,
		accepted: (await pendingAcceptableUseVersion(user.id)) === null,
		redirectTo: safeRedirectTarget(event.url.searchParams.get('redirectTo'))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const parsed = acceptSchema.safeParse(formFields(await event.request.formData(), ['version']));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message });
		const result = await acceptAcceptableUse(user.id, parsed.data.version);
		if (!result.ok && result.reason === 'stale') {
			return fail(409, {
				message: 'A new version of the statement was published while you were reading. Read it and accept again.'
			});
		}
		if (result.ok) {
			await audit(event, 'acceptable_use.accepted', {
				actorId: user.id,
				targetType: 'acceptable_use',
				targetId: String(result.version),
				details: { version: result.version }
			});
		}
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo')));
	}
};
