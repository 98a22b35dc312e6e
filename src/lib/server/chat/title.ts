/** Naming a chat after its first answer: the model's short title, else the first words of the question. */
import { setChatTitleIfEmpty, type ChatRow } from '../db/queries/chats';
import { completeChat } from '../llm/chat-models';
import { loadPrompt, renderPrompt } from '../llm/prompts';
import { errorFields, logger } from '../observability/log';

const TITLE_TIMEOUT_MS = 15_000;

/** The first words of the question, for when the model cannot name the chat. */
export function fallbackTitle(content: string): string {
	const words = content.replace(/\s+/g, ' ').trim().split(' ');
	let title = '';
	for (const word of words) {
		if (title && (title + ' ' + word).length > 60) break;
		title = title ? `${title} ${word}` : word;
		if (title.split(' ').length >= 8) break;
	}
	title = title.slice(0, 60);
	return title.length < content.trim().length ? `${title}…` : title;
}

function tidyTitle(raw: string): string {
	const line = raw.trim().split(/\r?\n/)[0] ?? '';
	return line
		.replace(/^(title:\s*)/i, '')
		.replace(/^["'“‘*#\s]+|["'”’*\s]+$/g, '')
		.replace(/[.!]+$/, '')
		.slice(0, 80)
		.trim();
}

/** Names an untitled chat; returns the title when this call set it. */
export async function nameChat(chat: ChatRow, content: string, model: string | undefined, answered: boolean) {
	let title = '';
	if (model && answered) {
		try {
			const prompt = await loadPrompt('chat-title');
			const reply = await completeChat({
				model,
				messages: [{ role: 'user', content: renderPrompt(prompt, { message: content.slice(0, 2000) }) }],
				maxTokens: 30,
				timeoutMs: TITLE_TIMEOUT_MS
			});
			title = tidyTitle(reply);
		} catch (e) {
			logger().warn(errorFields(e), 'title generation failed; using the first words of the message');
		}
	}
	if (!title) title = fallbackTitle(content);
	return (await setChatTitleIfEmpty(chat.id, title)) ? title : undefined;
}
