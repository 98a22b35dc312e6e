/**
 * Sensitive topics: requests about bereavement, complaints, safeguarding, a crisis or clinical advice
 * need a person (and for some, a clinician) to sign the draft off. Pure and shared by the browser and
 * the dashboard's counts, which run the same terms in PostgreSQL (`sensitiveTopicSqlPattern`).
 *
 * Terms are written in a small regular-expression subset that JavaScript and PostgreSQL read alike:
 * letters, spaces (any run of white space), `(a|b)` groups and `?`. Each term must match whole words.
 */

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

const TERMS: Record<SensitiveTopicKind, string[]> = {
	bereavement: [
		'bereave(d|ment|ments)',
		'died',
		'deaths?',
		'dying',
		'passed away',
		'funerals?',
		'condolences?',
		'(grief|grieving|grieve|grieved)',
		'still(birth|births|born)',
		'baby loss',
		'end of life',
		'loss of (a|their|his|her|our|your|my) (baby|child|son|daughter|mother|father|parent|partner|husband|wife|loved one)',
		'sympathy (card|letter|message)s?'
	],
	complaint: [
		'complain(t|ts|ed|ing|s)?',
		'patient advice and liaison',
		'ombudsman',
		'formal concerns?',
		'raised? a concern',
		'(dissatisfied|unhappy) with'
	],
	safeguarding: [
		'safeguard(ing)?',
		'abuse(d|s)?',
		'abusive',
		'neglect(ed|ful)?',
		'domestic violence',
		'child protection',
		'vulnerable (adult|child|person|people|patient)s?',
		'exploitation',
		'female genital mutilation',
		'FGM',
		'modern slavery',
		'coercive control'
	],
	crisis: [
		'crisis',
		'crises',
		'major incidents?',
		'critical incidents?',
		'business continuity incidents?',
		'suicid(e|es|al)',
		'self harm(ing|ed)?',
		'overdos(e|es|ed)',
		'mass casualt(y|ies)',
		'(cyber attack|cyberattack)s?',
		'ransomware',
		'outbreaks?',
		'terror(ism|ist)? attacks?',
		'evacuat(e|ed|ion)'
	],
	clinical: [
		'clinical advice',
		'medical advice',
		'symptoms?',
		'diagnos(is|es|e|ed)',
		'treatments?',
		'side effects?',
		'doses?',
		'dosage',
		'prescri(be|bed|bing|ption|ptions)',
		'medications?',
		'vaccin(e|es|ation|ations)',
		'contraindications?',
		'screening (test|result|programme)s?'
	]
};

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

/** A term's spaces stand for any run of white space (and a hyphen between words in a phrase). */
function body(kind: SensitiveTopicKind): string {
	return TERMS[kind].map((t) => t.replace(/ /g, '[\\s-]+')).join('|');
}

const PATTERNS = Object.fromEntries(
	SENSITIVE_TOPIC_KINDS.map((kind) => [kind, new RegExp(`\\b(?:${body(kind)})\\b`, 'i')])
) as Record<SensitiveTopicKind, RegExp>;

/** The same pattern for PostgreSQL's case-insensitive `~*` (`\y` is its word boundary). */
export function sensitiveTopicSqlPattern(kind: SensitiveTopicKind): string {
	return `\\y(?:${body(kind)})\\y`;
}

/** The sensitive topics a request touches, in a fixed order, each once. */
export function detectSensitiveTopics(text: string): SensitiveTopic[] {
	if (!text) return [];
	return SENSITIVE_TOPIC_KINDS.filter((kind) => PATTERNS[kind].test(text)).map((kind) => ({
		kind,
		...SENSITIVE_TOPICS[kind]
	}));
}
