/**
 * "Compare with previous version" for a guidance document: the text of two versions, rebuilt from their
 * passages in order, compared word by word.
 */
import { listVersionChunks } from '../db/queries/corpus';
import { diffWords, type DiffPart } from '$lib/utils/word-diff';

export type VersionComparison = { from: number; to: number; parts: DiffPart[] };

/** A version's text as its passages give it: headings on their own line, passages separated by a blank line. */
async function versionText(documentId: string, version: number): Promise<string> {
	const chunks = await listVersionChunks(documentId, version);
	let lastHeading = '';
	const blocks: string[] = [];
	for (const c of chunks) {
		const heading = c.heading?.trim() ?? '';
		blocks.push(heading && heading !== lastHeading ? `${heading}\n${c.text.trim()}` : c.text.trim());
		lastHeading = heading;
	}
	return blocks.join('\n\n');
}

/** The version before `version` among those that exist (versions can be missing after deletions). */
export function previousVersion(versions: number[], version: number): number | null {
	const earlier = versions.filter((v) => v < version);
	return earlier.length ? Math.max(...earlier) : null;
}

/** What changed from the previous version to `version`, or null when it is the first. */
export async function compareWithPrevious(
	documentId: string,
	versions: number[],
	version: number
): Promise<VersionComparison | null> {
	const from = previousVersion(versions, version);
	if (from === null) return null;
	const [before, after] = await Promise.all([versionText(documentId, from), versionText(documentId, version)]);
	return { from, to: version, parts: diffWords(before, after) };
}
