import { describe, expect, it } from 'vitest';
import { EDIT_PRESETS } from '$lib/schemas/drafts';
import { expandInstruction } from './presets';

describe('preset edits', () => {
	it('gives every preset a full instruction, whatever its case', () => {
		for (const preset of EDIT_PRESETS) expect(expandInstruction(preset).length).toBeGreaterThan(60);
		expect(expandInstruction('Reading age 9')).toMatch(/reading age of 9/);
	});

	it("passes a person's own instruction through", () => {
		expect(expandInstruction('  Mention the car park  ')).toBe('Mention the car park');
	});
});
