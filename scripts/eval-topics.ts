/**
 * `npm run eval:topics`: precision and recall of the sensitive-topic notes on the labelled requests in
 * corpus/eval/sensitive-topic-requests.jsonl, on the whole set and on the held-out split (every 5th request).
 * Exits 1 when overall precision is below 0.9 or recall below 0.95 (on the whole set or the held-out split).
 * `--misses` lists the requests it got wrong.
 */
import { readFileSync } from 'node:fs';
import {
	evaluateTopics,
	formatTopicScores,
	isHeldOut,
	parseRequests,
	topicFailures,
	TOPIC_TARGETS
} from '../src/lib/governance/sensitive-topics-eval';

const file = process.argv.find((a) => a.endsWith('.jsonl')) ?? 'corpus/eval/sensitive-topic-requests.jsonl';
const requests = parseRequests(readFileSync(file, 'utf8'));
const all = evaluateTopics(requests);
const heldOut = evaluateTopics(requests.filter((_, i) => isHeldOut(i)));
const tuning = evaluateTopics(requests.filter((_, i) => !isHeldOut(i)));

console.log(formatTopicScores('All requests', all));
console.log(`\n${formatTopicScores('Tuning split', tuning)}`);
console.log(`\n${formatTopicScores('Held-out split (every 5th request)', heldOut)}`);
if (process.argv.includes('--misses')) {
	console.log('\nMisses:');
	for (const m of all.misses) console.log(`${m.id} ${m.type} ${m.kind}: ${m.text}`);
}
const failures = [
	...topicFailures(all).map((f) => `all requests: ${f}`),
	...topicFailures(heldOut).map((f) => `held-out split: ${f}`)
];
if (failures.length) {
	console.error(`\nTargets missed:\n- ${failures.join('\n- ')}`);
	process.exit(1);
}
console.log(
	`\nTargets met: overall precision >= ${TOPIC_TARGETS.precision} and recall >= ${TOPIC_TARGETS.recall}, on all requests and on the held-out split.`
);
