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

/**
 * The conversation as the person now sees it: when a question was answered more than once
 * (regenerated), only its latest answer. Messages must be in the order they were written.
 */
export function latestBranch<T extends { role: string; parentId: string | null }>(messages: T[]): T[] {
	const latest = new Map<string, T>();
	for (const m of messages) if (m.role === 'assistant' && m.parentId) latest.set(m.parentId, m);
	return messages.filter((m) => m.role !== 'assistant' || !m.parentId || latest.get(m.parentId) === m);
}
