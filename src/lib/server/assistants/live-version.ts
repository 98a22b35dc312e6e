/**
 * The live version of an organisation assistant as people see it: someone who neither edits nor
 * oversees it, while a newer version waits for approval (or was declined), is shown the last approved
 * version (`assistants.live_version`) instead of the stored row.
 */
import type { Can } from '../authz/assistant-policy';
import { findAssistantVersionsAt, type AssistantRow } from '../db/queries/assistants';

/** `see`: shown in listings, pages and copies; `use`: the version a chat starts with. */
export type Purpose = 'see' | 'use';

/**
 * The version a person is shown and starts chats with, when it is not the newest: someone who neither
 * edits nor oversees (as an administrator) an organisation assistant whose newest version waits for
 * approval (or was declined) gets the live version instead.
 */
function liveVersionFor(row: AssistantRow, can: Can, purpose: Purpose): number | null {
	// An administrator oversees the assistant as it stands, but chats with it like everyone else.
	const oversees = can.oversee && purpose === 'see';
	if (can.edit || can.approve || oversees || row.visibility !== 'organisation' || row.approval === 'approved')
		return null;
	return row.liveVersion !== null && row.liveVersion !== row.version ? row.liveVersion : null;
}

/**
 * The rows as each person sees them: the live version's definition where liveVersionFor says so. A row
 * whose live version cannot be read is left out rather than shown as it stands (fail closed).
 */
export async function asEachSeesThem<T extends { row: AssistantRow; can: Can }>(
	found: T[],
	purpose: Purpose = 'see'
): Promise<T[]> {
	const pairs = found.flatMap(({ row, can }) => {
		const version = liveVersionFor(row, can, purpose);
		return version === null ? [] : [{ id: row.id, version }];
	});
	const definitions = await findAssistantVersionsAt(pairs);
	return found.flatMap((f) => {
		const version = liveVersionFor(f.row, f.can, purpose);
		if (version === null) return [f];
		const definition = definitions.get(`${f.row.id}:${version}`);
		if (!definition) return [];
		const row: AssistantRow = {
			...f.row,
			...definition,
			defaultModel: definition.defaultModel ?? null,
			temperature: definition.temperature ?? null,
			version,
			approval: 'approved',
			approvalReason: null
		};
		return [{ ...f, row }];
	});
}
