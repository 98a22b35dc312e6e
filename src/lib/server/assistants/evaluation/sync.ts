/**
 * Start-up: each built-in assistant's shipped test cases (prompts/assistants/<key>.cases.yaml) are put
 * in the database by key: new ones added, changed ones updated, ones no longer in the file removed.
 * Cases people added to a built-in themselves are left alone.
 *
 * A case's question ids are checked against the intake the assistant's own file ships, not the stored
 * row: an administrator may edit a built-in's questions, and that must never stop the service starting.
 * A shipped case naming a question the administrator removed then fails when it runs, which says so.
 */
import { listBuiltinAssistants } from '../../db/queries/builtin-assistants';
import { deleteBuiltinTestCasesExcept, upsertBuiltinTestCase } from '../../db/queries/evaluations';
import { BUILTIN_DIR, readBuiltinAssistants } from '../builtins';
import { readBuiltinCases } from './builtin-cases';

export type BuiltinCasesSync = { assistants: number; cases: number; removed: number };

/** Throws a BuiltinCasesError naming the file and the problem when a cases file is invalid. */
export async function syncBuiltinCases(dir = BUILTIN_DIR): Promise<BuiltinCasesSync> {
	const result: BuiltinCasesSync = { assistants: 0, cases: 0, removed: 0 };
	const shipped = new Map((await readBuiltinAssistants(dir)).map((a) => [a.key, a.definition.intake]));
	for (const assistant of await listBuiltinAssistants()) {
		const key = assistant.builtinKey!;
		const cases = await readBuiltinCases(key, shipped.get(key), dir);
		for (const [position, c] of cases.entries()) {
			const { key: caseKey, ...input } = c;
			await upsertBuiltinTestCase(assistant.id, { ...input, builtinKey: caseKey, position });
		}
		result.removed += await deleteBuiltinTestCasesExcept(
			assistant.id,
			cases.map((c) => c.key)
		);
		if (cases.length) result.assistants++;
		result.cases += cases.length;
	}
	return result;
}
