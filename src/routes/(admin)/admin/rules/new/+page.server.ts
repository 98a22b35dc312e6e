import { fail, redirect } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/authz/guards';
import { insertStyleRule, listRuleDocuments } from '$lib/server/db/queries/style-rules';
import { audit } from '$lib/server/governance/audit';
import { readRuleForm, ruleAuditView } from '$lib/server/governance/rule-form';
import { invalidateStyleRuleCache } from '$lib/server/governance/style-rules';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const documents = await listRuleDocuments();
	return { documents: documents.map((d) => ({ ref: d.ref, title: d.title, collectionName: d.collectionName })) };
};

export const actions: Actions = {
	default: async (event) => {
		const admin = requireAdmin(event);
		const result = await readRuleForm(await event.request.formData(), true);
		if (!result.ok) return fail(400, { values: result.values, errors: result.errors });
		const { data } = result;
		const rule = await insertStyleRule({
			id: result.id,
			...data,
			documentRef: data.documentRef,
			sourceUrl: data.sourceUrl || null,
			builtIn: false,
			updatedBy: admin.id
		});
		if (!rule) {
			return fail(400, {
				values: { ...data, id: result.id, exceptions: data.exceptions.join('\n') },
				errors: { id: `A rule with the ID ${result.id} already exists. Choose another ID.` }
			});
		}
		invalidateStyleRuleCache();
		await audit(event, 'rule.created', {
			actorId: admin.id,
			targetType: 'style_rule',
			targetId: rule.id,
			details: { before: null, after: ruleAuditView(rule) }
		});
		redirect(303, `/admin/rules/${encodeURIComponent(rule.id)}?saved=created`);
	}
};
