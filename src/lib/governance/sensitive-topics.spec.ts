import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	detectSensitiveTopics,
	SENSITIVE_TOPIC_KINDS,
	sensitiveTopicSqlRules,
	TOPIC_RULES,
	type SensitiveTopicKind
} from './sensitive-topics';
import { evaluateTopics, isHeldOut, parseRequests, topicFailures } from './sensitive-topics-eval';

const kinds = (text: string) => detectSensitiveTopics(text).map((t) => t.kind);
const needsClinician = (text: string) => detectSensitiveTopics(text).some((t) => t.clinical);

describe('detectSensitiveTopics', () => {
	it('does not cry wolf on routine campaigns: a flu clinic staff briefing needs no clinical sign-off', () => {
		expect(kinds('Write a staff briefing about the flu vaccination clinics running in the canteen next week')).toEqual(
			[]
		);
		expect(needsClinician('A reminder to book your bowel screening test and your COVID-19 vaccine')).toBe(false);
		expect(kinds('Announce our new urgent treatment centre and its opening hours')).toEqual([]);
	});

	it('asks for a clinician on real clinical advice', () => {
		expect(kinds('What dose of paracetamol for a child?')).toEqual(['clinical']);
		expect(needsClinician('What dose of paracetamol for a child?')).toBe(true);
		expect(kinds('Explain the side effects of the flu vaccine')).toEqual(['clinical']);
		expect(kinds('Is it safe to have the vaccine while breastfeeding?')).toEqual(['clinical']);
		expect(kinds('A post on the warning signs of sepsis')).toEqual(['clinical']);
	});

	const positives: [string, SensitiveTopicKind][] = [
		['Write a letter to a bereaved family', 'bereavement'],
		['Reply to a mother whose baby died on the ward', 'bereavement'],
		['A condolence message for staff after a colleague passed away', 'bereavement'],
		['Respond to a complaint about parking', 'complaint'],
		['A patient complained about waiting times', 'complaint'],
		['Holding statement about the Ombudsman report', 'complaint'],
		['Reply to an angry Facebook comment about our receptionists', 'complaint'],
		['Staff briefing on safeguarding adults', 'safeguarding'],
		['Statement about a domestic abuse case', 'safeguarding'],
		['Press release about a major incident declared today', 'crisis'],
		['Social post for World Suicide Prevention Day', 'crisis'],
		['Leaflet on self-harm support for young people', 'crisis'],
		['Our systems were hit by a cyber attack', 'crisis'],
		['Can you give clinical advice on this rash', 'clinical'],
		['Advice for visitors during the norovirus outbreak', 'clinical']
	];
	it.each(positives)('finds the topic in "%s"', (text, kind) => {
		expect(kinds(text)).toContain(kind);
	});

	const negatives = [
		'Promote our complementary therapies week',
		'A compliment from a patient about the maternity team',
		'Thank the estates team for the new car park',
		'Announce the new dietitian clinic opening hours',
		'A guide to disabusing people of common myths about the menopause',
		'Write a newsletter about our staff awards',
		'A post about the launch of our Dosewell app and the new Treatmentville clinic',
		'Celebrate the crisp new signage across the site',
		'A post encouraging pregnant women to have the whooping cough vaccine',
		'Recruitment advert for band 5 nurses',
		'Remind people to use the NHS App to order repeat prescriptions'
	];
	it.each(negatives)('finds nothing in "%s"', (text) => {
		expect(kinds(text)).toEqual([]);
	});

	it('applies an exception: signs of modern slavery are safeguarding, not clinical advice', () => {
		expect(kinds('Guidance on spotting signs of modern slavery')).toEqual(['safeguarding']);
		expect(kinds('Guidance on spotting signs of stroke')).toEqual(['clinical']);
	});

	it('needs the second word when a rule has one', () => {
		expect(kinds('Reply to an angry review on Google')).toEqual(['complaint']);
		expect(kinds('An angry-looking cartoon bee for the summer fair')).toEqual([]);
		expect(kinds('How long the car park will be closed')).toEqual([]);
		expect(kinds('How long should children stay off school with chickenpox')).toContain('clinical');
	});

	it('returns each topic once, in a fixed order, with advice', () => {
		const found = detectSensitiveTopics('Suicide, a complaint and another complaint after a death');
		expect(found.map((t) => t.kind)).toEqual(['bereavement', 'complaint', 'crisis']);
		expect(found.find((t) => t.kind === 'crisis')?.clinical).toBe(true);
		expect(found.find((t) => t.kind === 'complaint')?.clinical).toBe(false);
		expect(found.every((t) => t.advice.length > 10)).toBe(true);
	});

	it('is case-insensitive and matches across line breaks in phrases', () => {
		expect(kinds('MAJOR\nINCIDENT')).toEqual(['crisis']);
		expect(kinds('')).toEqual([]);
	});
});

describe('sensitiveTopicSqlRules', () => {
	it('gives PostgreSQL the same rules, with its word boundaries', () => {
		for (const kind of SENSITIVE_TOPIC_KINDS) {
			const rules = sensitiveTopicSqlRules(kind);
			expect(rules).toHaveLength(TOPIC_RULES[kind].length);
			for (const pattern of rules.flatMap((r) => [...r.all, ...r.none])) {
				expect(pattern.startsWith('\\y(?:')).toBe(true);
				expect(pattern.endsWith(')\\y')).toBe(true);
				expect(pattern).not.toContain('\\b');
			}
		}
		expect(sensitiveTopicSqlRules('complaint')[0].all[0]).toContain('complain(t|ts|ed|ing|s)?');
		const signs = sensitiveTopicSqlRules('clinical').find((r) => r.none.length);
		expect(signs?.none[0]).toContain('slavery');
	});
});

describe('the labelled requests (npm run eval:topics)', () => {
	const requests = parseRequests(readFileSync('corpus/eval/sensitive-topic-requests.jsonl', 'utf8'));

	it('has at least 150 requests, routine ones and every kind, with a held-out split', () => {
		expect(requests.length).toBeGreaterThanOrEqual(150);
		expect(requests.filter((r) => !r.kinds.length).length).toBeGreaterThanOrEqual(60);
		for (const kind of SENSITIVE_TOPIC_KINDS)
			expect(requests.filter((r) => r.kinds.includes(kind)).length).toBeGreaterThanOrEqual(12);
		expect(new Set(requests.map((r) => r.id)).size).toBe(requests.length);
		expect(requests.filter((_, i) => isHeldOut(i)).length).toBeGreaterThanOrEqual(30);
	});

	it('meets precision 0.9 and recall 0.95 on all requests and on the held-out split', () => {
		expect(topicFailures(evaluateTopics(requests))).toEqual([]);
		expect(topicFailures(evaluateTopics(requests.filter((_, i) => isHeldOut(i))))).toEqual([]);
	});

	it('rejects a badly labelled line with its number', () => {
		expect(() => parseRequests('{"id":"a","text":"x","kinds":[]}\n{"id":"b","text":"y","kinds":["gossip"]}')).toThrow(
			'Line 2'
		);
	});
});
