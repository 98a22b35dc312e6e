/** Naming a chat after its first answer: the model's short title, else the first words of the question. */
import { setChatTitleIfEmpty, type ChatRow } from '../db/queries/chats';
import { completeChat } from '../llm/chat-models';
import { loadPrompt, renderPrompt } from '../llm/prompts';
import { errorFields, logger } from '../observability/log';
import { fallbackTitle, tidyModelTitle } from './title-text';

const TITLE_TIMEOUT_MS = 15_000;

export { fallbackTitle } from './title-text';

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
			title = tidyModelTitle(reply);
		} catch (e) {
			logger().warn(errorFields(e), 'title generation failed; using the first words of the message');
		}
	}
	if (!title) title = fallbackTitle(content);
	return (await setChatTitleIfEmpty(chat.id, title)) ? title : undefined;
}
