import type { ModelMessage } from '../llm/chat-models';

/** A rough token count (about four characters a token, plus each message's overhead): enough to budget with. */
export function estimateTokens(text: string): number {
	return Math.ceil(text.length / 4) + 4;
}

/**
 * The messages to send: the system prompt and the guidance passages always, the new message always,
 * and as much earlier conversation as fits in `contextTokens` after keeping `reserveTokens` for the
 * answer. The oldest messages are dropped first.
 */
export function fitToContext(input: {
	system: ModelMessage[];
	history: ModelMessage[];
	current: ModelMessage;
	contextTokens: number;
	reserveTokens: number;
}): { messages: ModelMessage[]; dropped: number } {
	let budget =
		input.contextTokens -
		input.reserveTokens -
		estimateTokens(input.current.content) -
		input.system.reduce((sum, m) => sum + estimateTokens(m.content), 0);
	const kept: ModelMessage[] = [];
	for (let i = input.history.length - 1; i >= 0; i--) {
		const cost = estimateTokens(input.history[i].content);
		if (cost > budget) break;
		budget -= cost;
		kept.unshift(input.history[i]);
	}
	// An answer without its question reads oddly to the model; start the kept history with a question.
	while (kept.length && kept[0].role === 'assistant') kept.shift();
	return {
		messages: [...input.system, ...kept, input.current],
		dropped: input.history.length - kept.length
	};
}

/** Tokens kept free for the answer. */
export function answerReserve(contextTokens: number): number {
	return Math.min(4096, Math.floor(contextTokens / 4));
}

type Linked = { id: string; role: string; parentId: string | null };

/**
 * The messages from the start of the conversation down to `id`, following parent links (a question's
 * parent is the answer it follows; an answer's parent is its question). Empty when `id` is null.
 */
export function branchTo<T extends Linked>(messages: T[], id: string | null): T[] {
	const byId = new Map(messages.map((m) => [m.id, m]));
	const path: T[] = [];
	const seen = new Set<string>();
	for (let m = id ? byId.get(id) : undefined; m && !seen.has(m.id); m = m.parentId ? byId.get(m.parentId) : undefined) {
		seen.add(m.id);
		path.unshift(m);
	}
	return path;
}

/**
 * The conversation as the person now sees it: the branch that ends with the most recent message, so
 * after a regenerated answer or an edited question only the newest version is followed (the earlier
 * ones are kept and can be switched to). Messages must be in the order they were written.
 */
export function latestBranch<T extends Linked>(messages: T[]): T[] {
	return branchTo(messages, messages.at(-1)?.id ?? null);
}
