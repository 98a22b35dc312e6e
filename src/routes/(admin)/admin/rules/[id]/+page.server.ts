import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/authz/guards';
import { findStyleRule, listRuleDocuments, updateStyleRule } from '$lib/server/db/queries/style-rules';
import { audit } from '$lib/server/governance/audit';
import { readRuleForm, ruleAuditView, ruleToValues } from '$lib/server/governance/rule-form';
import { invalidateStyleRuleCache } from '$lib/server/governance/style-rules';
import type { Actions, PageServerLoad } from './$types';

async function ruleOr404(event: RequestEvent<{ id: string }>) {
	const rule = await findStyleRule(event.params.id);
	if (!rule) error(404, { message: 'Rule not found', errorId: event.locals.requestId });
	return rule;
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const rule = await ruleOr404(event);
	const documents = await listRuleDocuments();
	// A linked document that is not in this library is still offered, so saving keeps it.
	const linked = rule.documentRef && !documents.some((d) => d.ref === rule.documentRef) ? rule.documentRef : null;
	return {
		rule: { ...ruleToValues(rule), id: rule.id, builtIn: rule.builtIn, updatedAt: rule.updatedAt.toISOString() },
		saved: event.url.searchParams.get('saved') === 'created',
		documents: [
			...documents.map((d) => ({ ref: d.ref, title: d.title, collectionName: d.collectionName })),
			...(linked ? [{ ref: linked, title: `${linked} (not in the library)`, collectionName: 'Other' }] : [])
		]
	};
};

export const actions: Actions = {
	default: async (event) => {
		const admin = requireAdmin(event);
		const before = await ruleOr404(event);
		const result = await readRuleForm(await event.request.formData(), false, before.documentRef);
		if (!result.ok) return fail(400, { values: { ...result.values, id: before.id }, errors: result.errors });
		const { data } = result;
		const after = await updateStyleRule(before.id, { ...data, sourceUrl: data.sourceUrl || null }, admin.id);
		if (!after) error(404, { message: 'Rule not found', errorId: event.locals.requestId });
		invalidateStyleRuleCache();
		await audit(event, 'rule.updated', {
			actorId: admin.id,
			targetType: 'style_rule',
			targetId: before.id,
			details: { before: ruleAuditView(before), after: ruleAuditView(after) }
		});
		return { message: `Rule ${before.id} saved` };
	}
};
