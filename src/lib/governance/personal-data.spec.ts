import { describe, expect, it } from 'vitest';
import {
	countByKind,
	describeCounts,
	findPersonalData,
	hospitalNumberPatternError,
	isValidNhsNumber,
	replaceWithPlaceholders,
	resolveOverlaps,
	type PersonalDataKind
} from './personal-data';

const HOSPITAL = '\\b[A-Z]{1,3}\\d{6,8}\\b';
const NOW = new Date('2026-11-21T12:00:00Z');

/** The matched text of each finding, as `kind:text`. */
function found(text: string, hospitalNumberPattern: string | null = HOSPITAL): string[] {
	return findPersonalData(text, { hospitalNumberPattern, now: NOW }).map(
		(f) => `${f.kind}:${text.slice(f.start, f.end)}`
	);
}

function kinds(text: string): PersonalDataKind[] {
	return findPersonalData(text, { hospitalNumberPattern: HOSPITAL, now: NOW }).map((f) => f.kind);
}

describe('NHS numbers', () => {
	it('accepts numbers that pass the Modulus 11 check, with or without spaces or hyphens', () => {
		expect(isValidNhsNumber('9434765919')).toBe(true);
		expect(found('NHS number 943 476 5919.')).toEqual(['nhs_number:943 476 5919']);
		expect(found('nhs no: 9434765919')).toEqual(['nhs_number:9434765919']);
		expect(found('(943-476-5919)')).toEqual(['nhs_number:943-476-5919']);
		expect(found('4010232137')).toEqual(['nhs_number:4010232137']);
	});

	it('ignores look-alikes: a wrong check digit, a check digit of 10, repeated digits, mixed separators, longer numbers', () => {
		expect(isValidNhsNumber('9434765918')).toBe(false);
		expect(isValidNhsNumber('1234567890')).toBe(false);
		expect(found('9434765918')).toEqual([]);
		expect(found('1111111111 and 0000000000')).toEqual([]);
		expect(found('943 476-5919')).toEqual([]);
		expect(found('94347659190 and 19434765919')).toEqual([]);
		expect(found('ISBN 978-943-476-5919')).toEqual([]);
	});
});

describe('phone numbers', () => {
	it('finds UK mobiles, landlines and +44 numbers written the usual ways', () => {
		expect(found('Call 07700 900123 today')).toEqual(['phone:07700 900123']);
		expect(found('07700900123')).toEqual(['phone:07700900123']);
		expect(found('Tel (0113) 496 0000.')).toEqual(['phone:(0113) 496 0000']);
		expect(found('020 7946 0000')).toEqual(['phone:020 7946 0000']);
		expect(found('0300 123 4567')).toEqual(['phone:0300 123 4567']);
		expect(found('+44 (0)20 7946 0000')).toEqual(['phone:+44 (0)20 7946 0000']);
		expect(found('+44 7700 900123')).toEqual(['phone:+44 7700 900123']);
		expect(found('+447700900123')).toEqual(['phone:+447700900123']);
		expect(found('01632 960 001')).toEqual(['phone:01632 960 001']);
		expect(found('0113-496-0000')).toEqual(['phone:0113-496-0000']);
	});

	it('keeps the phone and drops a number glued on after it', () => {
		expect(found('ring 020 7946 0000 12 times')).toEqual(['phone:020 7946 0000']);
	});

	it('ignores reference numbers, short codes and numbers with the wrong digit count', () => {
		expect(found('Ref: 01234 567890')).toEqual([]);
		expect(found('Invoice number 02079460000')).toEqual([]);
		expect(found('case no. 07700 900123')).toEqual([]);
		expect(found('Call 111 or 999')).toEqual([]);
		expect(found('07700 9001')).toEqual([]);
		expect(found('020 7946 00001')).toEqual([]);
		expect(found('version 0.1.2023')).toEqual([]);
		expect(found('12345678901')).toEqual([]);
	});
});

describe('emails, postcodes and NI numbers', () => {
	it('finds email addresses but not social handles or "at" spelt out', () => {
		expect(found('Write to jo.bloggs@example.nhs.uk.')).toEqual(['email:jo.bloggs@example.nhs.uk']);
		expect(found('Follow @NHSEngland or email england at nhs dot net')).toEqual([]);
	});

	it('finds UK postcodes in one case only', () => {
		expect(found('Lives at SW1A 1AA.')).toEqual(['postcode:SW1A 1AA']);
		expect(found('ls1 4ap')).toEqual(['postcode:ls1 4ap']);
		expect(found('M11AE')).toEqual(['postcode:M11AE']);
		expect(found('Ab1 2cD')).toEqual([]);
		expect(found('Vitamin B12 supplements, room 4B, ISO 9001')).toEqual([]);
	});

	it('finds NI numbers; one without its final letter needs NI or National Insurance before it', () => {
		expect(found('AB 12 34 56 C')).toEqual(['ni_number:AB 12 34 56 C']);
		expect(found('National Insurance number: AB123456')).toEqual(['ni_number:AB123456']);
		expect(found('QQ 12 34 56 C and GB 12 34 56 A')).toEqual([]);
	});
});

describe('dates of birth', () => {
	it('flags a past date in common formats when the words around it say it is a birth date', () => {
		expect(found('DOB: 12/03/1984')).toEqual(['date_of_birth:12/03/1984']);
		expect(found('born 12-03-1984')).toEqual(['date_of_birth:12-03-1984']);
		expect(found('Date of birth 12 March 1984')).toEqual(['date_of_birth:12 March 1984']);
		expect(found('date of birth: 1984-03-12')).toEqual(['date_of_birth:1984-03-12']);
		expect(found('born on the 3rd of March 1984')).toEqual(['date_of_birth:3rd of March 1984']);
		expect(found('12.03.84 (DOB)')).toEqual(['date_of_birth:12.03.84']);
		expect(found('March 12, 1984, aged 42')).toEqual(['date_of_birth:March 12, 1984']);
	});

	it('ignores dates that are not birth dates, impossible dates and future dates', () => {
		expect(found('The clinic opened on 12 March 2019.')).toEqual([]);
		expect(found('Appointment 03/04/2025')).toEqual([]);
		expect(found('DOB 12/03/1984, seen 03/04/2024')).toEqual(['date_of_birth:12/03/1984']);
		expect(found('born 31/02/1984')).toEqual([]);
		expect(found('born 12/03/2031')).toEqual([]);
		expect(found('born 12/03/1850')).toEqual([]);
	});
});

describe('hospital numbers', () => {
	it('uses the configured pattern and can be switched off', () => {
		expect(found('MRN RXH1234567')).toEqual(['hospital_number:RXH1234567']);
		expect(found('MRN RXH1234567', '')).toEqual([]);
		expect(found('H-123-456', 'H-\\d{3}-\\d{3}')).toEqual(['hospital_number:H-123-456']);
	});

	it('ignores an invalid pattern rather than failing, and explains what is wrong with it', () => {
		expect(found('MRN RXH1234567 and 943 476 5919', '([A-Z')).toEqual(['nhs_number:943 476 5919']);
		expect(hospitalNumberPatternError('([A-Z')).toMatch(/not a valid regular expression/);
		expect(hospitalNumberPatternError('\\d*')).toMatch(/matches empty text/);
		expect(hospitalNumberPatternError('x'.repeat(201))).toMatch(/200 characters or fewer/);
		expect(hospitalNumberPatternError(HOSPITAL)).toBeNull();
		expect(hospitalNumberPatternError('')).toBeNull();
	});
});

describe('overlapping and adjacent matches', () => {
	it('never returns overlapping findings and prefers the more specific kind', () => {
		// An NHS number that is also a run of digits the hospital pattern and phone rules could claim.
		expect(found('MRN 9434765919', '\\d{10}')).toEqual(['nhs_number:9434765919']);
		// An email containing a phone number and a postcode-like part.
		expect(kinds('07700900123@sw1a1aa.example.com')).toEqual(['email']);
		// An NI number without its letter is also a hospital-number shape.
		expect(found('NI: AB123456')).toEqual(['ni_number:AB123456']);
		expect(
			resolveOverlaps([
				{ kind: 'hospital_number', start: 0, end: 12 },
				{ kind: 'phone', start: 2, end: 8 },
				{ kind: 'postcode', start: 8, end: 14 }
			])
		).toEqual([
			{ kind: 'phone', start: 2, end: 8 },
			{ kind: 'postcode', start: 8, end: 14 }
		]);
	});

	it('keeps adjacent findings and replaces both', () => {
		const text = 'jo@example.com;07700 900123';
		expect(found(text)).toEqual(['email:jo@example.com', 'phone:07700 900123']);
		expect(replaceWithPlaceholders(text, findPersonalData(text))).toBe('[email];[phone number]');
		const touching = 'abcdef';
		expect(
			replaceWithPlaceholders(touching, [
				{ kind: 'email', start: 0, end: 3 },
				{ kind: 'postcode', start: 3, end: 6 }
			])
		).toBe('[email][postcode]');
	});
});

describe('offsets', () => {
	it('counts UTF-16 code units, so an emoji before a match shifts it by two', () => {
		const text = '😀 NHS 943 476 5919';
		const [f] = findPersonalData(text);
		expect(f).toEqual({ kind: 'nhs_number', start: 7, end: 19 });
		expect(text.slice(f.start, f.end)).toBe('943 476 5919');
		expect(replaceWithPlaceholders(text, [f])).toBe('😀 NHS [NHS number]');
	});
});

describe('placeholders and counts', () => {
	it('replaces every kind with its placeholder and counts by kind', () => {
		const text =
			'Jo (NHS 943 476 5919, DOB 12/03/1984, NI AB 12 34 56 C, MRN RXH1234567) lives at LS1 4AP, 07700 900123, jo@example.com';
		const findings = findPersonalData(text, { hospitalNumberPattern: HOSPITAL, now: NOW });
		expect(replaceWithPlaceholders(text, findings)).toBe(
			'Jo (NHS [NHS number], DOB [date of birth], NI [NI number], MRN [hospital number]) lives at [postcode], [phone number], [email]'
		);
		expect(countByKind(findings)).toEqual({
			nhs_number: 1,
			date_of_birth: 1,
			ni_number: 1,
			hospital_number: 1,
			postcode: 1,
			phone: 1,
			email: 1
		});
		expect(describeCounts({ nhs_number: 2, email: 1 })).toBe('2 NHS numbers and 1 email address');
		expect(describeCounts({ email: 2, date_of_birth: 3, phone: 1 })).toBe(
			'1 phone number, 2 email addresses and 3 dates of birth'
		);
	});

	it('returns nothing for empty or clean text', () => {
		expect(findPersonalData('')).toEqual([]);
		expect(findPersonalData('Get your flu vaccine at a pharmacy near you this winter.')).toEqual([]);
	});
});

describe('long text', () => {
	it('checks 5,000 words in under 200 ms', () => {
		const sentence =
			'Our winter vaccine clinic opened on 12 March 2019 at 9am, call 111 or write to ref 01234 567890 for 2,500 people aged 65 and over. ';
		const words = sentence.split(/\s+/).filter(Boolean).length;
		let text = sentence.repeat(Math.ceil(5000 / words));
		text += 'NHS 943 476 5919 and jo@example.com';
		const started = performance.now();
		const findings = findPersonalData(text, { hospitalNumberPattern: HOSPITAL, now: NOW });
		const elapsed = performance.now() - started;
		expect(text.split(/\s+/).length).toBeGreaterThanOrEqual(5000);
		expect(findings.map((f) => f.kind)).toEqual(['nhs_number', 'email']);
		expect(elapsed).toBeLessThan(200);
	});
});
