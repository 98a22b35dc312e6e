import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { RULE_CATEGORIES } from '$lib/governance/draft-checks';
import { formFields } from '$lib/schemas/auth';
import { requireAdmin } from '$lib/server/authz/guards';
import { findStyleRule, listRuleDocuments, listStyleRules, updateStyleRule } from '$lib/server/db/queries/style-rules';
import { audit } from '$lib/server/governance/audit';
import { ruleAuditView } from '$lib/server/governance/rule-form';
import { invalidateStyleRuleCache } from '$lib/server/governance/style-rules';
import type { Actions, PageServerLoad } from './$types';

const filterSchema = z.object({
	category: z.enum(RULE_CATEGORIES).optional().catch(undefined),
	status: z.enum(['enabled', 'disabled']).optional().catch(undefined)
});

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const filter = filterSchema.parse({
		category: event.url.searchParams.get('category') || undefined,
		status: event.url.searchParams.get('status') || undefined
	});
	const [rules, documents] = await Promise.all([
		listStyleRules({
			category: filter.category,
			enabled: filter.status ? filter.status === 'enabled' : undefined
		}),
		listRuleDocuments()
	]);
	const titles = new Map(documents.map((d) => [d.ref, d.title]));
	return {
		filter: { category: filter.category ?? '', status: filter.status ?? '' },
		rules: rules.map((r) => ({
			id: r.id,
			category: r.category,
			pattern: r.pattern,
			message: r.message,
			suggestion: r.suggestion,
			enabled: r.enabled,
			builtIn: r.builtIn,
			documentRef: r.documentRef,
			documentTitle: r.documentRef ? (titles.get(r.documentRef) ?? null) : null
		}))
	};
};

const toggleSchema = z.object({
	id: z.string().min(1, { error: 'Choose a rule' }),
	enabled: z.enum(['true', 'false'], { error: 'Choose enable or disable' })
});

export const actions: Actions = {
	toggle: async (event) => {
		const admin = requireAdmin(event);
		const parsed = toggleSchema.safeParse(formFields(await event.request.formData(), ['id', 'enabled']));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message });
		const before = await findStyleRule(parsed.data.id);
		if (!before) error(404, { message: 'Rule not found', errorId: event.locals.requestId });
		const enabled = parsed.data.enabled === 'true';
		if (before.enabled === enabled) return { message: `Rule ${before.id} is already ${enabled ? 'on' : 'off'}` };
		const after = await updateStyleRule(before.id, { enabled }, admin.id);
		invalidateStyleRuleCache();
		await audit(event, 'rule.updated', {
			actorId: admin.id,
			targetType: 'style_rule',
			targetId: before.id,
			details: { before: ruleAuditView(before), after: after ? ruleAuditView(after) : null }
		});
		return { message: `Rule ${before.id} ${enabled ? 'turned on' : 'turned off'}` };
	}
};
