import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DIR, readBuiltinAssistants } from '../builtins';
import { readBuiltinCases } from './builtin-cases';

describe('shipped test cases', () => {
	it('every cases file belongs to a built-in assistant and is valid against its questions', async () => {
		const assistants = await readBuiltinAssistants();
		const keys = new Set(assistants.map((a) => a.key));
		const files = (await readdir(BUILTIN_DIR)).filter((f) => f.endsWith('.cases.yaml'));
		expect(files.length).toBeGreaterThan(0);
		for (const file of files) expect(keys, `${file} has no assistant`).toContain(file.replace(/\.cases\.yaml$/, ''));
		for (const a of assistants) {
			const cases = await readBuiltinCases(a.key, a.definition.intake);
			if (files.includes(`${a.key}.cases.yaml`)) expect(cases.length, `${a.key} cases`).toBeGreaterThanOrEqual(3);
		}
	});
});
