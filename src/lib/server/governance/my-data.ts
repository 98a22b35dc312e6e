/** "Download all my data": everything stored about and by one person, as one JSON document. */
import { buildChatRecord, type ChatRecord } from '../chat/record';
import {
	collectUserData,
	listChatsForRecord,
	listFeedbackForRecord,
	listMessagesForRecord
} from '../db/queries/records';

export const MY_DATA_SCHEMA = 'nhs-comms-assist/my-data@1';

/** Only this person's own rows: their chats, their feedback, prompts and assistants they own, their acceptances. */
export async function exportMyData(userId: string, exportedAt = new Date()) {
	const data = await collectUserData(userId);
	if (!data.profile) return null;
	const chats = await listChatsForRecord(userId);
	const ids = chats.map((c) => c.id);
	const [messages, feedback] = await Promise.all([listMessagesForRecord(ids), listFeedbackForRecord(ids)]);
	const exportedBy = { name: data.profile.name, email: data.profile.email };
	const chatRecords: Omit<ChatRecord, 'schema' | 'exportedAt' | 'exportedBy' | 'notice'>[] = chats.map((chat) => {
		const record = buildChatRecord({
			chat,
			messages: messages.filter((m) => m.chatId === chat.id),
			feedback: feedback.filter((f) => f.chatId === chat.id && f.userId === userId),
			exportedBy,
			exportedAt
		});
		return { chat: record.chat, models: record.models, prompts: record.prompts, messages: record.messages };
	});
	return {
		schema: MY_DATA_SCHEMA,
		exportedAt: exportedAt.toISOString(),
		profile: data.profile,
		teams: data.teams,
		chats: chatRecords,
		feedback: data.feedback,
		savedPrompts: data.savedPrompts,
		assistants: data.assistants,
		acceptableUseAcceptances: data.acceptances
	};
}
