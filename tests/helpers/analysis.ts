/**
 * Feedback analysis for tests and the benchmark: synthetic survey responses with known topics (and
 * personal data to be redacted), and a model stand-in for the OpenAI stub that answers the three
 * analysis prompts from their content, so the expected counts are known exactly.
 */
import type { StubReply, StubRequest } from './openai-stub';

export const TOPICS = [
	{ title: 'Parking', keyword: 'parking', phrase: 'Parking at the hospital is very hard to find' },
	{ title: 'Waiting times', keyword: 'waited', phrase: 'I waited far too long for my appointment' },
	{ title: 'Kind staff', keyword: 'kind', phrase: 'the nurses were kind and caring' },
	{ title: 'Hospital food', keyword: 'food', phrase: 'the food on the ward was cold' },
	{ title: 'Information', keyword: 'explained', phrase: 'nobody explained what would happen next' }
] as const;

/** Personal data sprinkled into responses; none of it may reach the model. */
export const PERSONAL = {
	names: ['Margaret Jones', 'Jones', 'Dr Patel', 'Patel', 'Hannah Clarke'],
	emails: ['maggie.jones@example.com', 'h.clarke@example.org'],
	nhsNumbers: ['943 476 5919', '9434765919'],
	phones: ['07700 900123']
};

const EXTRAS = [
	'My name is Hannah Clarke and',
	'Mrs Margaret Jones (NHS number 943 476 5919) says',
	'Email me at maggie.jones@example.com:',
	'Dr Patel said',
	'Call 07700 900123 -',
	'Write to h.clarke@example.org,'
];

export type SyntheticResponse = { text: string; topics: number[] };

/** `n` responses: most about one or two topics, some about none, some with personal data. */
export function syntheticResponses(n: number): SyntheticResponse[] {
	return Array.from({ length: n }, (_, i) => {
		const topics = i % 11 === 0 ? [] : i % 3 === 0 ? [i % 5, (i + 2) % 5] : [i % 5];
		const body = topics.length ? topics.map((t) => TOPICS[t].phrase).join(' and ') : 'No comment really, thanks';
		const extra = i % 7 === 0 ? `${EXTRAS[i % EXTRAS.length]} ` : '';
		return { text: `${extra}${body}. (${i + 1})`, topics };
	});
}

function csvField(value: string): string {
	return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The responses as a CSV file: id, ward, comment. */
export function responsesCsv(responses: SyntheticResponse[]): Uint8Array {
	const lines = ['id,ward,comment', ...responses.map((r, i) => `${i + 1},Ward ${(i % 4) + 1},${csvField(r.text)}`)];
	return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

export type AnalysisTask = 'propose' | 'condense' | 'map';

export function analysisTask(request: StubRequest): AnalysisTask | undefined {
	const text = request.messages.map((m) => m.content).join('\n');
	if (text.includes('(task: propose themes)')) return 'propose';
	if (text.includes('(task: condense themes)')) return 'condense';
	if (text.includes('(task: map responses to themes)')) return 'map';
	return undefined;
}

/** The response lines of a request: number and text. */
export function promptResponses(request: StubRequest): { number: number; text: string }[] {
	const text = request.messages.map((m) => m.content).join('\n');
	return [...text.matchAll(/^R(\d+): (.*)$/gm)].map((m) => ({ number: Number(m[1]), text: m[2] }));
}

function proposeReply(request: StubRequest): string {
	const responses = promptResponses(request);
	const themes = TOPICS.filter((t) => responses.some((r) => r.text.toLowerCase().includes(t.keyword)));
	// Different batches word the same theme differently; condensing must bring them together.
	const batch = responses[0]?.number ?? 0;
	return JSON.stringify({
		themes: themes.map((t) => ({
			title: batch % 2 ? t.title : `${t.title.toUpperCase()}!`,
			description: `Responses about ${t.keyword}.`
		}))
	});
}

function condenseReply(request: StubRequest): string {
	const text = request.messages.map((m) => m.content).join('\n');
	const listed = text.slice(text.indexOf('Themes proposed:'));
	const themes = TOPICS.filter((t) => listed.toLowerCase().includes(t.title.toLowerCase()));
	return `Here are the themes:\n\`\`\`json\n${JSON.stringify({
		themes: themes.map((t) => ({ title: t.title, description: `People mention ${t.keyword}.` }))
	})}\n\`\`\``;
}

function mapReply(request: StubRequest): string {
	const text = request.messages.map((m) => m.content).join('\n');
	const themeIds = new Map<string, string>();
	for (const m of text.matchAll(/^T(\d+) (.+?)(?: — .*)?$/gm)) themeIds.set(m[2].trim(), `T${m[1]}`);
	const assignments = promptResponses(request)
		.map((r) => ({
			response: `R${r.number}`,
			themes: TOPICS.filter((t) => r.text.toLowerCase().includes(t.keyword))
				.map((t) => themeIds.get(t.title))
				.filter(Boolean)
		}))
		// A response in no theme is simply left out, as models often do.
		.filter((a) => a.themes.length > 0);
	// Ids the model made up must be ignored.
	assignments.push(
		{ response: 'R999999', themes: ['T1'] },
		{ response: assignments[0]?.response ?? 'R1', themes: ['T77'] }
	);
	return JSON.stringify({ assignments });
}

/** Answers the analysis prompts as a well-behaved model would; anything else falls through. */
export function analysisModel(request: StubRequest): StubReply {
	const task = analysisTask(request);
	if (task === 'propose') return proposeReply(request);
	if (task === 'condense') return condenseReply(request);
	if (task === 'map') return mapReply(request);
	return undefined;
}

/** What the analysis should find: responses per topic and in none. */
export function expectedCounts(responses: SyntheticResponse[]): { byTitle: Record<string, number>; none: number } {
	const byTitle = Object.fromEntries(TOPICS.map((t) => [t.title, 0]));
	let none = 0;
	for (const r of responses) {
		if (!r.topics.length) none++;
		for (const t of r.topics) byTitle[TOPICS[t].title]++;
	}
	return { byTitle, none };
}
