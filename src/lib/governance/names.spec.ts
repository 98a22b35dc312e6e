import { describe, expect, it } from 'vitest';
import { findPersonalData, replaceWithPlaceholders } from './personal-data';
import { PersonalDataRedactor, redactPersonalData } from './redaction';

const NOW = new Date('2026-11-21T12:00:00Z');

/** The matched text of each finding, as `kind:text`. */
function found(text: string): string[] {
	return findPersonalData(text, { now: NOW }).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}
const names = (text: string) => found(text).filter((f) => f.startsWith('name:'));

describe("people's names", () => {
	it('finds a name after a title, without the title, and leaves titles on their own alone', () => {
		expect(found('Reply to Mrs Jones (NHS number 943 476 5919) about her complaint')).toEqual([
			'name:Jones',
			'nhs_number:943 476 5919'
		]);
		expect(names('Professor Sir Keith Tan opened the unit.')).toEqual(['name:Keith Tan']);
		expect(names("Mr and Mrs O'Brien, Dr. McAllister and Mx Rowan Ellis")).toEqual([
			"name:O'Brien",
			'name:McAllister',
			'name:Rowan Ellis'
		]);
		expect(names('The Dr said I could go home. Ask a Dr or nurse. Dear Sir or Madam,')).toEqual([]);
	});

	it('does not take books, brands or places named after people for people', () => {
		expect(names('The Mr Men books and Dr Martens shoes')).toEqual([]);
		expect(names("Dr Gray's Hospital, the Sir Ludwig Guttmann Health Centre and Mount Vernon Cancer Centre")).toEqual(
			[]
		);
		expect(names('Queen Elizabeth Hospital, Florence Nightingale Foundation, Alexandra Palace')).toEqual([]);
	});

	it('finds names people give: introductions, greetings, sign-offs and form fields', () => {
		expect(names('My name is Chidi Okonkwo and I was a patient.')).toEqual(['name:Chidi Okonkwo']);
		expect(names("I'm Sarah, one of the ward sisters. I am Happy to help.")).toEqual(['name:Sarah']);
		expect(names('Yours sincerely,\nRachel Green')).toEqual(['name:Rachel Green']);
		expect(names('Signed: Margaret Ellison')).toEqual(['name:Margaret Ellison']);
		expect(names('Patient name: George Whitfield')).toEqual(['name:George Whitfield']);
		expect(names('name: Campaign ideas\ndescription: Generates campaign ideas')).toEqual([]);
		expect(names('Kind regards,\nThe Communications Team')).toEqual([]);
		expect(names('Best wishes,\nPatient Experience Team')).toEqual([]);
	});

	it('finds transcript speakers (VTT voice tags, "Name:" lines, SRT) but not labels such as Action or Interviewer', () => {
		const vtt =
			'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Jane Smith>Welcome.\n\n00:00:05.000 --> 00:00:07.000\n<v.lead Omar Farouk>Thanks.';
		expect(names(vtt)).toEqual(['name:Jane Smith', 'name:Omar Farouk']);
		expect(names('Helen Carter: Can you hear me?\nMarcus Lee: Yes.\nAction: send the notes.')).toEqual([
			'name:Helen Carter',
			'name:Marcus Lee'
		]);
		expect(names('1\n00:00:01,000 --> 00:00:03,000\nPRIYA: Morning all.')).toEqual(['name:PRIYA']);
		expect(names('Interviewer: How was it?\nRespondent: Fine.\nParticipant 3: Good.')).toEqual([]);
		expect(names('Present: Linda Moss, Paul Ryder and Asha Verma\nApologies: none')).toEqual([
			'name:Linda Moss',
			'name:Paul Ryder',
			'name:Asha Verma'
		]);
	});

	it('finds names beside an NHS number, a date of birth or an address', () => {
		expect(names('Eleanor Voss 9434765919 needs a letter')).toEqual(['name:Eleanor Voss']);
		expect(names('K. Mensah, date of birth 12 March 1972, was seen')).toEqual(['name:K. Mensah']);
		expect(names('Send it to Daniel Frost, 14 Elm Road, Leeds LS6 2QX.')).toEqual(['name:Daniel Frost']);
	});
});

describe('staff named with their job title', () => {
	it('are left by the guard (the acceptable-use policy allows them) but found when every name is asked for', () => {
		const text = '"We are delighted," said Dr Asha Patel, Medical Director. Chief Executive Jane Smith agreed.';
		expect(names(text)).toEqual([]);
		expect(findPersonalData(text, { allNames: true }).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`)).toEqual([
			'name:Asha Patel',
			'name:Jane Smith'
		]);
		expect(names('Yours sincerely,\nRachel Green\nPatient Experience Lead')).toEqual([]);
		expect(names('Professor Ann Whitby presented the audit. Mrs Jones said the nurse was kind.')).toEqual([
			'name:Ann Whitby',
			'name:Jones'
		]);
	});

	it('are replaced by the redactor, which finds every name unless told otherwise', () => {
		expect(redactPersonalData('Dr Asha Patel, Medical Director, asha.patel@example.nhs.uk').text).toBe(
			'Dr [Person 1], Medical Director, [email]'
		);
		expect(redactPersonalData('Dr Asha Patel, Medical Director', { allNames: false }).text).toBe(
			'Dr Asha Patel, Medical Director'
		);
	});
});

describe('what is not personal data', () => {
	it('does not flag team and role mailboxes, but does flag a person’s address', () => {
		const text =
			'comms@example.nhs.uk, press.office@nhs.net, pressoffice@x.nhs.uk, england.contactus@nhs.net, foi@x.nhs.uk, rxx.pals@nhs.net, sarah.jones@nhs.net, priya.comms@nhs.net';
		expect(found(text)).toEqual(['email:sarah.jones@nhs.net', 'email:priya.comms@nhs.net']);
	});

	it('does not flag switchboard and press-office numbers in a release’s media-contact section', () => {
		expect(found('Ends\n\nMedia contact\nPress office: 020 7946 0958\nOut of hours: 07700 900123')).toEqual([]);
		expect(found('Switchboard: 01632 960 001')).toEqual([]);
		expect(found('Media contact\nJane Smith\nMobile: 07700 900123')).toEqual(['name:Jane Smith', 'phone:07700 900123']);
		expect(found('Call 020 7946 0958 about your appointment')).toEqual(['phone:020 7946 0958']);
	});
});

describe('UK phone numbers written every usual way', () => {
	it.each([
		'+44 (0)20 7946 0958',
		'+44 (0) 20 7946 0958',
		'(020) 7946 0958',
		'020 7946 0958',
		'07700 900123',
		'+447700900123',
		'0044 20 7946 0958',
		'020 7946 0958 ext. 123',
		'0113 496 0000 x4567',
		'01632 960 001 (ext 22)',
		'+44 (0)113 496 0000 extension 12'
	])('finds the whole of %s and nothing else', (phone) => {
		expect(found(`Call ${phone} today.`)).toEqual([`phone:${phone}`]);
	});
});

describe('placeholders', () => {
	it('numbers people in order, the same name the same number, a surname alone joining its full name', () => {
		const text = 'Sarah Jones called. Dr Patel saw Sarah Jones. Mrs Jones wrote to Dr Patel.';
		expect(replaceWithPlaceholders(text, findPersonalData(text))).toBe(
			'[Person 1] called. Dr [Person 2] saw [Person 1]. Mrs [Person 1] wrote to Dr [Person 2].'
		);
	});

	it('keeps numbers stable across many texts in one redactor, and resumes from a snapshot', () => {
		const redactor = new PersonalDataRedactor({ now: NOW });
		expect(redactor.redact('Thanks to nurse Hannah Clarke.').text).toBe('Thanks to nurse [Person 1].');
		const second = redactor.redact('Yusuf Ali was rude, Hannah Clarke was kind. Email hannah@example.com');
		expect(second.text).toBe('[Person 2] was rude, [Person 1] was kind. Email [email]');
		expect(second.counts).toEqual({ name: 2, email: 1 });
		const resumed = new PersonalDataRedactor({ now: NOW }, JSON.parse(JSON.stringify(redactor.snapshot())));
		expect(resumed.redact('Ask Yusuf Ali or Priya Raman.').text).toBe('Ask [Person 2] or [Person 3].');
		expect(resumed.peopleCount).toBe(3);
	});

	it('starts afresh for a single text', () => {
		expect(redactPersonalData('My name is Tom Hughes, NHS number 943 476 5919').text).toBe(
			'My name is [Person 1], NHS number [NHS number]'
		);
	});
});

describe('speed', () => {
	it('checks 5,000 words full of capitalised words, titles and labels in under 300 ms', () => {
		const line = 'Dr Smith Said: Jane Smith Met Mr Men At Queen Elizabeth Hospital With Sarah Jones And Team. ';
		const text = line.repeat(Math.ceil(5000 / line.split(' ').length));
		findPersonalData(text);
		const start = performance.now();
		findPersonalData(text);
		expect(performance.now() - start).toBeLessThan(300);
	});
});
