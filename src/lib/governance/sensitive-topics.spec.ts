import { describe, expect, it } from 'vitest';
import {
	detectSensitiveTopics,
	SENSITIVE_TOPIC_KINDS,
	sensitiveTopicSqlPattern,
	type SensitiveTopicKind
} from './sensitive-topics';

const kinds = (text: string) => detectSensitiveTopics(text).map((t) => t.kind);

describe('detectSensitiveTopics', () => {
	const positives: [string, SensitiveTopicKind][] = [
		['Write a letter to a bereaved family', 'bereavement'],
		['Reply to a mother whose baby died on the ward', 'bereavement'],
		['A condolence message for staff after a colleague passed away', 'bereavement'],
		['Respond to a complaint about parking', 'complaint'],
		['A patient complained about waiting times', 'complaint'],
		['Holding statement about the Ombudsman report', 'complaint'],
		['Staff briefing on safeguarding adults', 'safeguarding'],
		['Statement about a domestic abuse case', 'safeguarding'],
		['Press release about a major incident declared today', 'crisis'],
		['Social post for World Suicide Prevention Day', 'crisis'],
		['Leaflet on self-harm support for young people', 'crisis'],
		['Our systems were hit by a cyber attack', 'crisis'],
		['Can you give clinical advice on this rash', 'clinical'],
		['What dose of paracetamol should a child take?', 'clinical'],
		['Explain the side effects of the flu vaccine', 'clinical']
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
		'Celebrate the crisp new signage across the site'
	];
	it.each(negatives)('finds nothing in "%s"', (text) => {
		expect(kinds(text)).toEqual([]);
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

describe('sensitiveTopicSqlPattern', () => {
	it('uses PostgreSQL word boundaries and the same terms', () => {
		for (const kind of SENSITIVE_TOPIC_KINDS) {
			const pattern = sensitiveTopicSqlPattern(kind);
			expect(pattern.startsWith('\\y(?:')).toBe(true);
			expect(pattern.endsWith(')\\y')).toBe(true);
			expect(pattern).not.toContain('\\b');
		}
		expect(sensitiveTopicSqlPattern('complaint')).toContain('complain(t|ts|ed|ing|s)?');
	});
});
