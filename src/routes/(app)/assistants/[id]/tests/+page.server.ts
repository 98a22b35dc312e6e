import { fail, redirect } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { requireUser } from '$lib/server/authz/guards';
import {
	assistantForTests,
	evaluationModels,
	startEvaluation,
	testPermissions,
	testsPageData
} from '$lib/server/assistants/tests-page';
import { takeFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const a = await assistantForTests(event, user);
	const can = testPermissions(a);
	const [{ cases, runs }, models] = await Promise.all([testsPageData(event, user, a), evaluationModels()]);
	return {
		assistant: { id: a.id, name: a.name, version: a.version, builtin: a.builtin, defaultModel: a.defaultModel },
		can,
		cases,
		questions: Object.fromEntries(a.intake.questions.map((q) => [q.id, q.label])),
		runs: runs.filter((r) => r.suite === 'assistant'),
		models,
		flash: takeFlash(event.cookies, '/assistants')
	};
};

export const actions: Actions = {
	run: async (event) => {
		const user = requireUser(event);
		const a = await assistantForTests(event, user);
		const { model } = formFields(await event.request.formData(), ['model']);
		const result = await startEvaluation(user, a, model || undefined);
		if (!result.ok) {
			return fail(result.status, { errors: { [result.fieldErrors?.model ? 'model' : 'form']: result.message } });
		}
		redirect(303, `/assistants/${a.id}/tests/runs/${result.value.id}`);
	}
};
