/**
 * A redactor for many texts that belong together (the responses of one analysis, the turns of one
 * chat, the pages of one attachment): personal data becomes placeholders, and each person keeps the
 * same "[Person n]" across all of them so themes and quotes still read sensibly. Pure and shared, so the
 * browser's "Replace with placeholders" and the server's analysis job produce the same text.
 *
 * The redactor's state is plain data: save `snapshot()` with a job and pass it back to resume after a
 * restart (nothing that matters is kept only in a process's memory).
 */
import { countByKind, findPersonalData, replaceWithPlaceholders, type PersonalDataFinding } from './personal-data';
import type { PersonalDataKind, PersonalDataOptions } from './personal-data';
import { PeopleIndex, type PeopleSnapshot } from './people';

export type RedactorSnapshot = PeopleSnapshot;

export type Redaction = {
	/** The text with placeholders in place of what was found. */
	text: string;
	/** What was found, as offsets into the original text. */
	findings: PersonalDataFinding[];
	counts: Partial<Record<PersonalDataKind, number>>;
};

export class PersonalDataRedactor {
	private readonly people: PeopleIndex;

	private readonly options: PersonalDataOptions;

	/** Every name is replaced, staff with job titles too, unless `options.allNames` is false. */
	constructor(options: PersonalDataOptions = {}, snapshot?: RedactorSnapshot) {
		this.options = { allNames: true, ...options };
		this.people = new PeopleIndex(snapshot);
	}

	/** Finds personal data in `text` and replaces it, numbering people consistently with earlier texts. */
	redact(text: string): Redaction {
		const findings = findPersonalData(text, this.options);
		return { text: replaceWithPlaceholders(text, findings, this.people), findings, counts: countByKind(findings) };
	}

	/** Replaces findings already made (for example, ones a person reviewed) rather than finding again. */
	apply(text: string, findings: PersonalDataFinding[]): string {
		return replaceWithPlaceholders(text, findings, this.people);
	}

	/** How many different people have been given a placeholder so far. */
	get peopleCount(): number {
		return this.people.size;
	}

	/** Plain data to save and pass back to the constructor to carry on numbering. */
	snapshot(): RedactorSnapshot {
		return this.people.snapshot();
	}
}

/** Redacts one text on its own ("[Person 1]" starts afresh). */
export function redactPersonalData(text: string, options: PersonalDataOptions = {}): Redaction {
	return new PersonalDataRedactor(options).redact(text);
}
