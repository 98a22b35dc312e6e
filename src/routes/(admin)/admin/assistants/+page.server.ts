import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { requireAdmin } from '$lib/server/authz/guards';
import { decideApproval, listPendingApprovals, unpublishAssistant } from '$lib/server/assistants/lifecycle';
import { listAssistants, type AssistantView } from '$lib/server/assistants/service';
import { approvalEvidence } from '$lib/server/assistants/approval-evidence';
import { setFeatured } from '$lib/server/assistants/featured';
import type { Actions, PageServerLoad } from './$types';

const row = (a: AssistantView) => ({
	id: a.id,
	name: a.name,
	description: a.description,
	category: a.category,
	ownerName: a.ownerName,
	teamName: a.teamName,
	builtin: a.builtin,
	featured: a.featured,
	status: a.status,
	version: a.version,
	usageCount: a.usageCount,
	updatedAt: a.updatedAt.toISOString()
});

export const load: PageServerLoad = async (event) => {
	const admin = requireAdmin(event);
	const [pending, organisation] = await Promise.all([
		listPendingApprovals(admin),
		listAssistants(admin, { scope: 'organisation' })
	]);
	const evidence = await Promise.all(pending.map((a) => approvalEvidence(a.id, a.version, a.liveVersion)));
	return {
		pending: pending.map((a, i) => ({ ...row(a), evidence: evidence[i] })),
		organisation: organisation.filter((a) => a.status === 'published').map(row)
	};
};

function notFound(event: RequestEvent, message: string): never {
	error(404, { message, errorId: event.locals.requestId });
}

export const actions: Actions = {
	approve: async (event) => {
		const admin = requireAdmin(event);
		const { assistantId, version } = formFields(await event.request.formData(), ['assistantId', 'version']);
		const seen = version && /^\d{1,9}$/.test(version) ? Number(version) : undefined;
		const result = await decideApproval(admin, assistantId ?? '', { decision: 'approve', version: seen });
		if (!result.ok) {
			if (result.status === 404) notFound(event, result.message);
			return fail(result.status, { errors: { form: result.message } });
		}
		return { message: `“${result.value.name}” is approved and shared with everyone` };
	},

	decline: async (event) => {
		const admin = requireAdmin(event);
		const { assistantId, reason } = formFields(await event.request.formData(), ['assistantId', 'reason']);
		const result = await decideApproval(admin, assistantId ?? '', { decision: 'decline', reason: reason ?? '' });
		if (!result.ok) {
			if (result.status === 404) notFound(event, result.message);
			const key = result.fieldErrors?.reason ? `reason-${assistantId}` : 'form';
			return fail(result.status, { errors: { [key]: result.fieldErrors?.reason ?? result.message } });
		}
		return { message: `“${result.value.name}” was declined. The builder can see your reason` };
	},

	unpublish: async (event) => {
		const admin = requireAdmin(event);
		const { assistantId } = formFields(await event.request.formData(), ['assistantId']);
		const result = await unpublishAssistant(admin, assistantId ?? '');
		if (!result.ok) {
			if (result.status === 404) notFound(event, result.message);
			return fail(result.status, { errors: { form: result.message } });
		}
		return { message: `“${result.value.name}” was unpublished and is back in draft` };
	},

	feature: async (event) => {
		const admin = requireAdmin(event);
		const { assistantId, featured } = formFields(await event.request.formData(), ['assistantId', 'featured']);
		if (featured !== 'true' && featured !== 'false') {
			return fail(400, { errors: { form: 'Choose whether to feature the assistant or stop featuring it' } });
		}
		const result = await setFeatured(admin, assistantId ?? '', featured === 'true', {
			requestId: event.locals.requestId
		});
		if (!result.ok) {
			if (result.status === 404) notFound(event, result.message);
			return fail(result.status, { errors: { form: result.message } });
		}
		const { name } = result.value;
		return {
			message: result.value.featured
				? `“${name}” is featured: it comes first in everyone’s assistant directory`
				: `“${name}” is no longer featured`
		};
	}
};
