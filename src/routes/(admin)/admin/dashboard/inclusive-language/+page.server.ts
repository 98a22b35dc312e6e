import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireAdmin } from '$lib/server/authz/guards';
import { audit } from '$lib/server/governance/audit';
import { INCLUSIVE_AUDIT_SUITE } from '$lib/server/assistants/evaluation/inclusive-audit';
import { recoverAbandonedRuns } from '$lib/server/assistants/evaluation/recovery';
import { queueInclusiveAudit } from '$lib/server/assistants/evaluation/runner';
import { fieldErrorsOf } from '$lib/server/assistants/result';
import { listEvaluationResults } from '$lib/server/db/queries/evaluations';
import { findAuditRun, listAuditableAssistants, listAuditRuns } from '$lib/server/db/queries/evaluation-metrics';
import { groupByAudience } from '$lib/server/governance/inclusive-audit-report';
import { listStyleRules } from '$lib/server/db/queries/style-rules';
import { chatModels } from '$lib/server/llm/chat-models';
import type { Actions, PageServerLoad } from './$types';

/** The inclusive-language audit report: a run's results by audience (the latest completed unless `?run=`). */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const runId = event.url.searchParams.get('run') ?? undefined;
	// Audits left behind by a server that stopped show as failed with the reason, not "running" for ever.
	await recoverAbandonedRuns();
	const [run, runs, assistants, models, inclusiveRules] = await Promise.all([
		findAuditRun(INCLUSIVE_AUDIT_SUITE, runId),
		listAuditRuns(INCLUSIVE_AUDIT_SUITE),
		listAuditableAssistants(),
		chatModels(),
		listStyleRules({ category: 'inclusive', enabled: true })
	]);
	if (runId !== undefined && !run) error(404, { message: 'Audit run not found', errorId: event.locals.requestId });
	const results = run ? await listEvaluationResults(run.id) : [];
	return {
		run: run ?? null,
		groups: groupByAudience(results),
		runs,
		assistants: assistants.map((a) => ({ value: a.id, text: `${a.name} (version ${a.version})` })),
		models: models.map((m) => ({ value: m.id, text: m.label })),
		// The audit checks answers with the inclusive-language rules switched on now: with none, it checks
		// only each case's phrases to avoid, and the page says so.
		inclusiveRulesOn: inclusiveRules.length
	};
};

const startSchema = z.object({
	assistantId: z
		.string()
		.min(1, { error: 'Choose an assistant to audit' })
		.uuid({ error: 'Choose an assistant from the list' }),
	model: z.string().trim().max(200, { error: 'Choose a model from the list' }).optional()
});

export const actions: Actions = {
	start: async (event) => {
		const admin = requireAdmin(event);
		const form = await event.request.formData();
		const values = { assistantId: String(form.get('assistantId') ?? ''), model: String(form.get('model') ?? '') };
		const parsed = startSchema.safeParse({ assistantId: values.assistantId, model: values.model || undefined });
		if (!parsed.success) return fail(400, { values, errors: fieldErrorsOf(parsed.error) });
		const queued = await queueInclusiveAudit({
			assistantId: parsed.data.assistantId,
			model: parsed.data.model,
			requestedBy: admin.id
		});
		if (!queued.ok) {
			// A choice that is no longer on the list is a form problem (400), not a missing page.
			const status = queued.status === 404 ? 400 : queued.status;
			return fail(status, { values, errors: queued.fieldErrors ?? { assistantId: queued.message } });
		}
		await audit(event, 'assistant.evaluation_started', {
			actorId: admin.id,
			targetType: 'assistant',
			targetId: parsed.data.assistantId,
			details: { suite: INCLUSIVE_AUDIT_SUITE, evaluationId: queued.value.id }
		});
		redirect(303, `/admin/dashboard/inclusive-language?run=${queued.value.id}`);
	}
};
