/**
 * Structured model output: ask for JSON, validate it with zod, ask once more when it does not match,
 * then give up with a StructuredOutputError so the caller can fall back (never crash the turn).
 */
import type { z } from 'zod';
import { completeChat, type ModelMessage } from './chat-models';

export class StructuredOutputError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'StructuredOutputError';
	}
}

/** The JSON in a model reply, tolerating code fences and text around one object. */
export function extractJson(reply: string): unknown {
	const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(reply);
	const text = (fenced ? fenced[1] : reply).trim();
	const start = text.indexOf('{');
	const end = text.lastIndexOf('}');
	if (start === -1 || end < start) throw new SyntaxError('The reply has no JSON object');
	return JSON.parse(text.slice(start, end + 1));
}

export async function completeStructured<T extends z.ZodType>(input: {
	model: string;
	messages: ModelMessage[];
	schema: T;
	maxTokens?: number;
	timeoutMs?: number;
	attempts?: number;
}): Promise<z.output<T>> {
	const attempts = input.attempts ?? 2;
	let lastProblem: unknown;
	for (let attempt = 1; attempt <= attempts; attempt++) {
		const messages =
			attempt === 1
				? input.messages
				: [
						...input.messages,
						{
							role: 'user' as const,
							content: 'Your last reply was not valid JSON in the shape asked for. Reply again with the JSON only.'
						}
					];
		try {
			const reply = await completeChat({
				model: input.model,
				messages,
				maxTokens: input.maxTokens,
				timeoutMs: input.timeoutMs
			});
			const parsed = input.schema.safeParse(extractJson(reply));
			if (parsed.success) return parsed.data;
			lastProblem = parsed.error;
		} catch (e) {
			lastProblem = e;
		}
	}
	throw new StructuredOutputError(`The model's reply did not match the expected shape after ${attempts} attempts`, {
		cause: lastProblem
	});
}
