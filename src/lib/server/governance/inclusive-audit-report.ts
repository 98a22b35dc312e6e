/**
 * The inclusive-language audit report: a run's results grouped by audience. The runner names each
 * result "<audience>: <case name>", so the audience is read back from that prefix.
 */
import type { AudienceGroup, AuditResultView } from '$lib/schemas/inclusive-audit';
import { INCLUSIVE_AUDIT_AUDIENCES } from '../assistants/evaluation/inclusive-audit';

export const OTHER_AUDIENCE = 'Other';

/** Splits "Age: Flu invitation" into its audience and case name ("Other" when no audience matches). */
export function audienceOf(name: string): { audience: string; name: string } {
	const audience = INCLUSIVE_AUDIT_AUDIENCES.find((a) => name.startsWith(`${a}: `));
	return audience ? { audience, name: name.slice(audience.length + 2) } : { audience: OTHER_AUDIENCE, name };
}

/** Every audience in the audit's order (those without results left out), failures first within each. */
export function groupByAudience(
	results: { name: string; passed: boolean; reasons: string[]; output: string }[]
): AudienceGroup[] {
	const groups = new Map<string, AuditResultView[]>();
	for (const r of results) {
		const { audience, name } = audienceOf(r.name);
		groups.set(audience, [
			...(groups.get(audience) ?? []),
			{ name, passed: r.passed, reasons: r.reasons, output: r.output }
		]);
	}
	return [...INCLUSIVE_AUDIT_AUDIENCES, OTHER_AUDIENCE]
		.filter((a) => groups.has(a))
		.map((audience) => {
			const list = groups.get(audience)!;
			return {
				audience,
				passed: list.filter((r) => r.passed).length,
				total: list.length,
				results: [...list].sort((a, b) => Number(a.passed) - Number(b.passed))
			};
		});
}
