/**
 * Sensitive topics: requests about bereavement, complaints, safeguarding, a crisis or clinical advice
 * need a person (and for some, a clinician) to sign the draft off. Pure and shared by the browser and
 * the dashboard's counts, which run the same rules in PostgreSQL (`sensitiveTopicSqlRules`).
 *
 * The rules live in wordlists/sensitive-topics.json and are measured by `npm run eval:topics` against a
 * labelled set of requests: a note that appears on every vaccination campaign teaches people to ignore it,
 * so a routine word ("vaccination", "screening", "treatment centre") is not enough on its own.
 *
 * Terms are written in a small regular-expression subset that JavaScript and PostgreSQL read alike:
 * letters, spaces (any run of white space or a hyphen), `(a|b)` groups and `?`. Each term matches whole
 * words.
 */
import rules from '../../../wordlists/sensitive-topics.json';

export const SENSITIVE_TOPIC_KINDS = ['bereavement', 'complaint', 'safeguarding', 'crisis', 'clinical'] as const;
export type SensitiveTopicKind = (typeof SENSITIVE_TOPIC_KINDS)[number];

export type SensitiveTopic = {
	kind: SensitiveTopicKind;
	label: string;
	/** How a sentence names it: "This request looks like it is about a complaint". */
	about: string;
	/** What the person should do before the draft is used. */
	advice: string;
	/** Clinical sign-off is needed as well as a communications colleague's. */
	clinical: boolean;
};

/** A rule applies when one `any` term is present, one `with` term too (if any), and no `unless` term. */
export type TopicRule = { any: string[]; with?: string[]; unless?: string[] };

export const SENSITIVE_TOPICS: Record<SensitiveTopicKind, Omit<SensitiveTopic, 'kind'>> = {
	bereavement: {
		label: 'Bereavement',
		about: 'bereavement',
		advice: 'Ask a colleague to read it for tone and empathy before it is sent.',
		clinical: false
	},
	complaint: {
		label: 'Complaint',
		about: 'a complaint',
		advice: 'Check it against your complaints process and have it signed off by the person responsible.',
		clinical: false
	},
	safeguarding: {
		label: 'Safeguarding',
		about: 'safeguarding',
		advice: 'Follow your safeguarding policy and have it signed off by your safeguarding lead.',
		clinical: true
	},
	crisis: {
		label: 'Crisis or major incident',
		about: 'a crisis or major incident',
		advice:
			'Follow your incident communications plan and have it signed off by the incident lead. Follow safe messaging guidance on suicide and self-harm.',
		clinical: true
	},
	clinical: {
		label: 'Clinical advice',
		about: 'clinical advice',
		advice: 'Have it checked and signed off by a clinician before it is used.',
		clinical: true
	}
};

const TERM_SYNTAX = /^[\p{L}\p{N} '’()|?]+$/u;

/** The rules for each kind, checked once when the module loads so a bad edit fails loudly. */
function loadRules(): Record<SensitiveTopicKind, TopicRule[]> {
	const kinds = (rules as { kinds: Record<string, TopicRule[]> }).kinds;
	for (const kind of SENSITIVE_TOPIC_KINDS) {
		if (!Array.isArray(kinds[kind]) || !kinds[kind].length)
			throw new Error(`sensitive-topics.json: no rules for ${kind}`);
		for (const rule of kinds[kind]) {
			for (const term of [...rule.any, ...(rule.with ?? []), ...(rule.unless ?? [])]) {
				if (!TERM_SYNTAX.test(term))
					throw new Error(`sensitive-topics.json: ${kind} term "${term}" uses unsupported syntax`);
			}
		}
	}
	return kinds as Record<SensitiveTopicKind, TopicRule[]>;
}

export const TOPIC_RULES = loadRules();

/** A term's spaces stand for any run of white space or a hyphen between words. */
function body(terms: string[]): string {
	return terms.map((t) => t.replace(/ /g, '[\\s-]+')).join('|');
}

type CompiledRule = { any: RegExp; with: RegExp | null; unless: RegExp | null };
const js = (terms: string[] | undefined) => (terms?.length ? new RegExp(`\\b(?:${body(terms)})\\b`, 'i') : null);

const COMPILED = Object.fromEntries(
	SENSITIVE_TOPIC_KINDS.map((kind) => [
		kind,
		TOPIC_RULES[kind].map((r) => ({ any: js(r.any)!, with: js(r.with), unless: js(r.unless) }))
	])
) as Record<SensitiveTopicKind, CompiledRule[]>;

function applies(rule: CompiledRule, text: string): boolean {
	return rule.any.test(text) && (!rule.with || rule.with.test(text)) && !(rule.unless && rule.unless.test(text));
}

/** One rule as PostgreSQL patterns for case-insensitive `~*`: every `all` must match and no `none`. */
export type SqlTopicRule = { all: string[]; none: string[] };

const sql = (terms: string[]) => `\\y(?:${body(terms)})\\y`;

/**
 * The same rules for PostgreSQL (`\y` is its word boundary): a kind applies when any of its rules does,
 * so the dashboard counts exactly what people were shown.
 */
export function sensitiveTopicSqlRules(kind: SensitiveTopicKind): SqlTopicRule[] {
	return TOPIC_RULES[kind].map((r) => ({
		all: [sql(r.any), ...(r.with?.length ? [sql(r.with)] : [])],
		none: r.unless?.length ? [sql(r.unless)] : []
	}));
}

/** The sensitive topics a request touches, in a fixed order, each once. */
export function detectSensitiveTopics(text: string): SensitiveTopic[] {
	if (!text) return [];
	return SENSITIVE_TOPIC_KINDS.filter((kind) => COMPILED[kind].some((rule) => applies(rule, text))).map((kind) => ({
		kind,
		...SENSITIVE_TOPICS[kind]
	}));
}
