/** Column names that usually hold people's own words in survey and consultation exports. */
const FREE_TEXT_NAMES =
	/\b(comments?|responses?|feedback|answers?|free ?text|views?|why|reasons?|suggestions?|text|opinions?|experiences?)\b/i;

/**
 * The column to preselect for an analysis: the one the server found to hold the longest text when it
 * says so, otherwise the first whose name reads like free text, otherwise none (the person chooses).
 */
export function likelyTextColumnName(columns: string[], serverChoice: string | null | undefined): string | null {
	if (serverChoice && columns.includes(serverChoice)) return serverChoice;
	return columns.find((name) => FREE_TEXT_NAMES.test(name)) ?? null;
}
