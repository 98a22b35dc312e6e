import { error, fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/authz/guards';
import { assistantForTests, findCase, pageError, removeCase, testPermissions } from '$lib/server/assistants/tests-page';
import { setFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const a = await assistantForTests(event, user);
	const found = await findCase(event, user, a);
	if (!testPermissions(a).editCases || found.builtin) {
		error(403, { message: 'You cannot delete this test case', errorId: event.locals.requestId });
	}
	return { assistant: { id: a.id, name: a.name }, testCase: { id: found.id, name: found.name } };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const a = await assistantForTests(event, user);
		const found = await findCase(event, user, a);
		const result = await removeCase(user, a, found.id);
		if (!result.ok) {
			if (result.status === 404) pageError(event, result);
			return fail(result.status, { message: result.message });
		}
		setFlash(event.cookies, '/assistants', `Test case “${found.name}” deleted`);
		redirect(303, `/assistants/${a.id}/tests`);
	}
};
