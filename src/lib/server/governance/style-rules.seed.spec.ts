import { describe, expect, it } from 'vitest';
import { applyRules, compileRule, RULE_CATEGORIES, type CompiledRule } from '$lib/governance/draft-checks';
import { readdirSync, readFileSync } from 'node:fs';
import { SAMPLE_DOCUMENTS, SOURCE_URLS, STYLE_RULE_SEEDS, type SeedRule } from './style-rules.seed';
import path from 'node:path';

function compiled(seed: SeedRule): CompiledRule {
	const c = compileRule({
		id: seed.id,
		category: seed.category,
		pattern: seed.pattern,
		caseSensitive: seed.caseSensitive ?? false,
		exceptions: seed.exceptions ?? [],
		message: seed.message,
		suggestion: seed.suggestion,
		source: null
	});
	if ('error' in c) throw new Error(`${seed.id}: ${c.error}`);
	return c;
}

/** "Go to the «chemist»" → the text without markers and the marked spans. */
function marked(example: string): { text: string; spans: [number, number][] } {
	const spans: [number, number][] = [];
	let text = '';
	let open = -1;
	for (const ch of example) {
		if (ch === '«') open = text.length;
		else if (ch === '»') {
			spans.push([open, text.length]);
			open = -1;
		} else text += ch;
	}
	return { text, spans };
}

const sampleDocs = new Set(
	readdirSync(path.resolve('corpus/sample'), { withFileTypes: true })
		.filter((d) => d.isDirectory())
		.flatMap((d) =>
			readdirSync(path.resolve('corpus/sample', d.name))
				.filter((f) => f.endsWith('.md'))
				.map((f) => `${d.name}/${f.replace(/\.md$/, '')}`)
		)
);

describe('built-in rules as data', () => {
	it('has at least 60 rules with unique ids, in known categories, each linked to a sample document', () => {
		expect(STYLE_RULE_SEEDS.length).toBeGreaterThanOrEqual(60);
		expect(new Set(STYLE_RULE_SEEDS.map((r) => r.id)).size).toBe(STYLE_RULE_SEEDS.length);
		for (const r of STYLE_RULE_SEEDS) {
			expect(RULE_CATEGORIES, r.id).toContain(r.category);
			expect(sampleDocs.has(r.documentRef), `${r.id} links to ${r.documentRef}`).toBe(true);
			expect(SOURCE_URLS[r.documentRef], r.id).toMatch(/^https:\/\//);
			expect(r.message.length, r.id).toBeGreaterThan(10);
			expect(r.examples.flag.length, `${r.id} has a true-positive example`).toBeGreaterThan(0);
			expect(r.examples.pass.length, `${r.id} has a false-positive example`).toBeGreaterThan(0);
		}
	});

	it('names each linked document with the title and source address in its front matter', () => {
		for (const [ref, doc] of Object.entries(SAMPLE_DOCUMENTS)) {
			const text = readFileSync(path.resolve('corpus/sample', `${ref}.md`), 'utf8');
			expect(/^title: (.+)$/m.exec(text)?.[1], ref).toBe(doc.title);
			expect(/^source_url: (.+)$/m.exec(text)?.[1], ref).toBe(SOURCE_URLS[ref]);
		}
	});

	it('covers every category with true and false positives', () => {
		for (const category of RULE_CATEGORIES) {
			const rules = STYLE_RULE_SEEDS.filter((r) => r.category === category);
			expect(rules.length, category).toBeGreaterThan(3);
		}
	});
});

describe.each(STYLE_RULE_SEEDS.map((r) => [r.id, r] as const))('rule %s', (_id, seed) => {
	const rule = compiled(seed);
	it.each(seed.examples.flag)('flags exactly the marked text in %j', (example) => {
		const { text, spans } = marked(example);
		const found = applyRules(text, [rule]).map((f) => [f.start, f.end]);
		expect(found).toEqual(spans);
	});
	it.each(seed.examples.pass)('does not flag %j', (text) => {
		expect(applyRules(text, [rule])).toEqual([]);
	});
});

describe('rules working together', () => {
	const all = STYLE_RULE_SEEDS.map(compiled);
	const ids = (text: string) => applyRules(text, all).map((f) => f.ruleId);

	it('does not flag "Dr" or illegal drugs as medicines', () => {
		expect(ids('Dr Shah and Dr. Jones help people who use illegal drugs.')).not.toContain('az.drugs');
		expect(ids('Collect your drugs from the pharmacy.')).toContain('az.drugs');
	});

	it('leaves a well-written NHS paragraph alone', () => {
		const good =
			'Your GP surgery can book a blood test on 6 August 2026 at 9:30am. ' +
			"You'll get a text message from us. If you cannot come, call 111. " +
			'People with diabetes and adults aged 65 and over can get a free flu vaccination at a pharmacy.';
		expect(ids(good)).toEqual([]);
	});

	it('flags the examples from the issue', () => {
		const text =
			"Don't forget: the chemist opens on 06/08/2026. Elderly diabetics and BAME communities can get the 6th August jab.";
		expect(new Set(ids(text))).toEqual(
			new Set([
				'style.contraction-dont',
				'az.chemist',
				'numbers.date-numeric',
				'inclusive.elderly',
				'inclusive.diabetic',
				'inclusive.bame',
				'numbers.date-ordinal',
				'az.jab'
			])
		);
	});
});
