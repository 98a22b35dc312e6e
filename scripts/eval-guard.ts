/**
 * `npm run eval:guard`: precision and recall of the personal-data guard on the labelled snippets in
 * tests/fixtures/guard/labelled-snippets.jsonl (synthetic data only). Exits 1 when a target is missed.
 * `--misses` lists the snippets it got wrong (synthetic text, safe to print).
 */
import { readFileSync } from 'node:fs';
import { evaluateGuard, formatEvaluation, parseSnippets } from '../src/lib/governance/personal-data-eval';

const DEFAULT_PATTERN = '\\b[A-Z]{1,3}\\d{6,8}\\b';
const file = process.argv.find((a) => a.endsWith('.jsonl')) ?? 'tests/fixtures/guard/labelled-snippets.jsonl';

const result = evaluateGuard(parseSnippets(readFileSync(file, 'utf8')), { hospitalNumberPattern: DEFAULT_PATTERN });
console.log(formatEvaluation(result));
if (process.argv.includes('--misses')) {
	for (const m of result.misses) console.log(`${m.id} ${m.type} ${m.kind}: ${m.text}`);
}
if (result.failures.length) {
	console.error(`\nTargets missed:\n- ${result.failures.join('\n- ')}`);
	process.exit(1);
}
console.log(
	'\nTargets met: names precision >= 0.9 and recall >= 0.95; every other kind recall >= 0.98 and precision >= 0.9; precision >= 0.9 overall.'
);
