/**
 * Stable "[Person n]" placeholders: the same name gets the same number wherever it appears in one text
 * or one analysis, so a redacted transcript still shows who said what. A surname or first name on its
 * own ("Jones" after "Sarah Jones") reuses the full name's number when exactly one known person has it.
 * The state is plain data (`snapshot()`), so a background job can save and resume it.
 */

export type PeopleSnapshot = { names: [string, number][] };

const normalise = (name: string) =>
	name
		.normalize('NFKC')
		.replace(/['’]s$/u, '')
		.replace(/[\s.]+/gu, ' ')
		.trim()
		.toLowerCase();

export class PeopleIndex {
	private names = new Map<string, number>();
	private next = 1;

	constructor(snapshot?: PeopleSnapshot) {
		for (const [name, n] of snapshot?.names ?? []) {
			this.names.set(name, n);
			this.next = Math.max(this.next, n + 1);
		}
	}

	/** The number for `name`, giving it the next one when it is new. */
	numberFor(name: string): number {
		const key = normalise(name);
		const known = this.names.get(key) ?? this.partOfOne(key);
		if (known !== undefined) {
			this.names.set(key, known);
			return known;
		}
		const n = this.next++;
		this.names.set(key, n);
		return n;
	}

	/** "[Person 2]" */
	placeholderFor(name: string): string {
		return `[Person ${this.numberFor(name)}]`;
	}

	/** How many different people have been numbered. */
	get size(): number {
		return this.next - 1;
	}

	snapshot(): PeopleSnapshot {
		return { names: [...this.names] };
	}

	/**
	 * A one-word name that is the first or last word of exactly one known multi-word name, or a
	 * multi-word name whose last (else first) word was seen on its own.
	 */
	private partOfOne(key: string): number | undefined {
		if (key.includes(' ')) {
			const parts = key.split(' ');
			return this.names.get(parts.at(-1)!) ?? this.names.get(parts[0]);
		}
		const owners = new Set<number>();
		for (const [name, n] of this.names) {
			const parts = name.split(' ');
			if (parts.length > 1 && (parts[0] === key || parts.at(-1) === key)) owners.add(n);
		}
		return owners.size === 1 ? [...owners][0] : undefined;
	}
}
