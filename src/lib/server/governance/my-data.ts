/** "Download all my data": everything stored about and by one person, as one JSON document. */
import { buildChatRecord } from '../chat/record';
import { listAnalysesForChats, type AnalysisRow } from '../db/queries/analyses';
import { listAttachmentsForChats } from '../db/queries/attachments';
import {
	collectUserData,
	listChatsForRecord,
	listFeedbackForRecord,
	listMessagesForRecord
} from '../db/queries/records';

export const MY_DATA_SCHEMA = 'nhs-comms-assist/my-data@1';

/** Feedback analyses: what was analysed and how it went, never the responses or themes. */
function analysisRecords(rows: AnalysisRow[]) {
	return rows.map((a) => ({
		id: a.id,
		attachmentId: a.attachmentId,
		fileName: a.fileName,
		column: a.column,
		status: a.status,
		responses: a.responseCount,
		model: a.model,
		modelCalls: a.modelCalls,
		startedAt: a.createdAt.toISOString(),
		completedAt: a.completedAt?.toISOString() ?? null
	}));
}

/** Only this person's own rows: their chats, their feedback, prompts and assistants they own, their acceptances. */
export async function exportMyData(userId: string, exportedAt = new Date()) {
	const data = await collectUserData(userId);
	if (!data.profile) return null;
	const chats = await listChatsForRecord(userId);
	const ids = chats.map((c) => c.id);
	const [messages, feedback, files, analyses] = await Promise.all([
		listMessagesForRecord(ids),
		listFeedbackForRecord(ids),
		listAttachmentsForChats(ids),
		listAnalysesForChats(ids)
	]);
	const exportedBy = { name: data.profile.name, email: data.profile.email };
	const chatRecords = chats.map((chat) => {
		const record = buildChatRecord({
			chat,
			messages: messages.filter((m) => m.chatId === chat.id),
			feedback: feedback.filter((f) => f.chatId === chat.id && f.userId === userId),
			exportedBy,
			exportedAt
		});
		// Attached files: what they were, never their text (the person has the originals).
		const attachments = files
			.filter((f) => f.chatId === chat.id)
			.map((f) => ({
				id: f.id,
				fileName: f.fileName,
				kind: f.kind,
				format: f.format,
				bytes: f.byteSize,
				chars: f.chars,
				personalData: f.personalData,
				redacted: f.redactedAt !== null,
				attachedAt: f.createdAt.toISOString()
			}));
		return {
			chat: record.chat,
			models: record.models,
			prompts: record.prompts,
			messages: record.messages,
			attachments,
			analyses: analysisRecords(analyses.filter((a) => a.chatId === chat.id))
		};
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
