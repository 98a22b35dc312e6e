/**
 * Draft checks on the server: seeds the built-in rules, keeps the enabled rules compiled in memory
 * (invalidated when an admin edits a rule) and runs the shared checks from $lib/governance.
 */
import {
	checkDraft,
	compileRules,
	READABILITY_SOURCE,
	type CompiledRule,
	type DraftCheckResult,
	type DraftRule,
	type FindingSource
} from '$lib/governance/draft-checks';
import {
	insertMissingStyleRules,
	listEnabledStyleRules,
	listRuleDocuments,
	type RuleDocument
} from '../db/queries/style-rules';
import { sharedCache } from '../cluster/caches';
import type { StyleRule } from '../db/schema';
import { SAMPLE_DOCUMENTS, SOURCE_URLS, STYLE_RULE_SEEDS } from './style-rules.seed';
import { logger } from '../observability/log';

/** Inserts built-in rules whose ids are missing. Existing rules, edited or not, are never overwritten. */
export async function seedStyleRules(): Promise<number> {
	const inserted = await insertMissingStyleRules(
		STYLE_RULE_SEEDS.map((r) => ({
			id: r.id,
			category: r.category,
			pattern: r.pattern,
			caseSensitive: r.caseSensitive ?? false,
			exceptions: r.exceptions ?? [],
			message: r.message,
			suggestion: r.suggestion,
			documentRef: r.documentRef,
			sourceUrl: SOURCE_URLS[r.documentRef] ?? null,
			enabled: true
		}))
	);
	if (inserted) invalidateStyleRuleCache();
	return inserted;
}

/** The guidance a rule links to, with the document's title and collection when it is in the library. */
export function ruleSource(
	rule: Pick<StyleRule, 'documentRef' | 'sourceUrl'>,
	documents: Map<string, RuleDocument>
): FindingSource | null {
	if (!rule.documentRef && !rule.sourceUrl) return null;
	const doc = rule.documentRef ? documents.get(rule.documentRef) : undefined;
	// A library without the sample corpus still shows the built-in rules' guidance by name.
	const sample = rule.documentRef ? SAMPLE_DOCUMENTS[rule.documentRef] : undefined;
	return {
		documentRef: rule.documentRef,
		documentTitle: doc?.title ?? sample?.title ?? null,
		collection: doc?.collectionName ?? sample?.collection ?? null,
		url: rule.sourceUrl || doc?.sourceUrl || null
	};
}

export function toDraftRule(rule: StyleRule, documents: Map<string, RuleDocument>): DraftRule {
	return {
		id: rule.id,
		category: rule.category,
		pattern: rule.pattern,
		caseSensitive: rule.caseSensitive,
		exceptions: rule.exceptions,
		message: rule.message,
		suggestion: rule.suggestion,
		source: ruleSource(rule, documents)
	};
}

type Cache = { rules: CompiledRule[]; readabilitySource: FindingSource; expires: number };
let cache: Promise<Cache> | null = null;
/** Also refreshed now and then so a renamed document or another process's edit shows up. */
const CACHE_MS = 5 * 60 * 1000;

/** Drops the compiled rules on every instance (after an admin's edit). */
export const invalidateStyleRuleCache: () => void = sharedCache('style-rules', () => {
	cache = null;
});

async function loadCache(): Promise<Cache> {
	const [rows, docs] = await Promise.all([listEnabledStyleRules(), listRuleDocuments()]);
	const documents = new Map(docs.map((d) => [d.ref, d]));
	const { compiled, invalid } = compileRules(rows.map((r) => toDraftRule(r, documents)));
	if (invalid.length)
		logger().warn({ count: invalid.length }, 'draft checks skipped rules whose pattern does not compile');
	const readabilitySource =
		ruleSource({ documentRef: READABILITY_SOURCE.documentRef, sourceUrl: READABILITY_SOURCE.url }, documents) ??
		READABILITY_SOURCE;
	return {
		rules: compiled,
		readabilitySource: { ...READABILITY_SOURCE, ...stripNulls(readabilitySource) },
		expires: Date.now() + CACHE_MS
	};
}

function stripNulls(source: FindingSource): Partial<FindingSource> {
	return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== null));
}

async function cachedRules(): Promise<Cache> {
	if (cache) {
		const current = await cache.catch(() => null);
		if (current && current.expires > Date.now()) return current;
		cache = null;
	}
	const loading = loadCache();
	cache = loading;
	loading.catch(() => {
		if (cache === loading) cache = null;
	});
	return loading;
}

/** Runs readability checks and every enabled rule on the text. */
export async function checkDraftText(text: string): Promise<DraftCheckResult> {
	const { rules, readabilitySource } = await cachedRules();
	return checkDraft(text, rules, { readabilitySource });
}
