/**
 * A chat as a record for records management and Freedom of Information requests: who, when, which
 * model, prompts and assistant version, the brief, feedback and the exact guidance passages cited
 * (with their document versions). Every message is kept, including earlier answers that were
 * regenerated; `inLatestConversation` marks the ones the person last saw.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { ChatBrief } from '$lib/schemas/assistant';
import type { PromptVersion, StoredSource } from '$lib/schemas/chat';
import type { RecordChatRow, RecordFeedbackRow, RecordMessageRow } from '../db/queries/records';
import { AI_NOTE, exportDate, markdownParagraphs, ROLE_LABELS } from './export';
import { latestBranch } from './history';

export const RECORD_FORMATS = ['record-json', 'record-docx'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

export const RECORD_CONTENT_TYPES: Record<RecordFormat, string> = {
	'record-json': 'application/json; charset=utf-8',
	'record-docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

export const RECORD_SCHEMA = 'nhs-comms-assist/chat-record@1';

export type ChatRecordMessage = {
	id: string;
	role: 'user' | 'assistant';
	parentId: string | null;
	inLatestConversation: boolean;
	createdAt: string;
	updatedAt: string;
	status: string;
	errorMessage: string | null;
	content: string;
	model: string | null;
	prompts: PromptVersion[];
	tokens: { prompt: number | null; completion: number | null };
	feedback: { rating: string; reason: string | null; comment: string | null; givenAt: string }[];
	sources: {
		n: number;
		documentId: string;
		documentTitle: string;
		documentVersion: number;
		heading: string;
		collection: string;
		url: string | null;
		passageId: string;
		passage: string;
	}[];
};

export type ChatRecord = {
	schema: typeof RECORD_SCHEMA;
	exportedAt: string;
	exportedBy: { name: string; email: string };
	notice: string;
	chat: {
		id: string;
		title: string;
		owner: { id: string; name: string; email: string };
		createdAt: string;
		lastActivityAt: string;
		useGuidance: boolean;
		assistant: { id: string | null; name: string | null; version: number | null } | null;
		brief: ChatBrief | null;
	};
	models: string[];
	prompts: PromptVersion[];
	messages: ChatRecordMessage[];
};

function uniquePrompts(list: PromptVersion[]): PromptVersion[] {
	const seen = new Map<string, PromptVersion>();
	for (const p of list) seen.set(`${p.id}@${p.version}`, { id: p.id, version: p.version });
	return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
}

function source(s: StoredSource): ChatRecordMessage['sources'][number] {
	return {
		n: s.n,
		documentId: s.documentId,
		documentTitle: s.documentTitle,
		documentVersion: s.version,
		heading: s.heading,
		collection: s.collection,
		url: s.url,
		passageId: s.chunkId,
		passage: s.text
	};
}

/** Builds the record from what the database holds. */
export function buildChatRecord(input: {
	chat: RecordChatRow;
	messages: RecordMessageRow[];
	feedback: Pick<RecordFeedbackRow, 'messageId' | 'rating' | 'reason' | 'comment' | 'updatedAt'>[];
	exportedBy: { name: string; email: string };
	exportedAt: Date;
}): ChatRecord {
	const { chat } = input;
	const latest = new Set(latestBranch(input.messages).map((m) => m.id));
	const feedbackByMessage = new Map<string, ChatRecordMessage['feedback']>();
	for (const f of input.feedback) {
		const list = feedbackByMessage.get(f.messageId) ?? [];
		list.push({ rating: f.rating, reason: f.reason, comment: f.comment, givenAt: f.updatedAt.toISOString() });
		feedbackByMessage.set(f.messageId, list);
	}
	const messages: ChatRecordMessage[] = input.messages.map((m) => ({
		id: m.id,
		role: m.role,
		parentId: m.parentId,
		inLatestConversation: latest.has(m.id),
		createdAt: m.createdAt.toISOString(),
		updatedAt: m.updatedAt.toISOString(),
		status: m.status,
		errorMessage: m.errorMessage,
		content: m.content,
		model: m.model,
		prompts: uniquePrompts(m.promptVersions ?? []),
		tokens: { prompt: m.promptTokens, completion: m.completionTokens },
		feedback: feedbackByMessage.get(m.id) ?? [],
		sources: (m.sources ?? []).map(source)
	}));
	const hasAssistant = chat.assistantId !== null || chat.assistantVersion !== null;
	return {
		schema: RECORD_SCHEMA,
		exportedAt: input.exportedAt.toISOString(),
		exportedBy: input.exportedBy,
		notice: AI_NOTE,
		chat: {
			id: chat.id,
			title: chat.title,
			owner: { id: chat.userId, name: chat.ownerName, email: chat.ownerEmail },
			createdAt: chat.createdAt.toISOString(),
			lastActivityAt: chat.updatedAt.toISOString(),
			useGuidance: chat.useGuidance,
			assistant: hasAssistant
				? {
						id: chat.assistantId,
						name: chat.versionName ?? chat.assistantName ?? null,
						version: chat.assistantVersion
					}
				: null,
			brief: chat.brief ?? null
		},
		models: [...new Set(messages.map((m) => m.model).filter((m): m is string => !!m))].sort(),
		prompts: uniquePrompts(messages.flatMap((m) => m.prompts)),
		messages
	};
}

function line(label: string, value: string): Paragraph {
	return new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun({ text: value })] });
}

function briefParagraphs(brief: ChatBrief): Paragraph[] {
	const out: Paragraph[] = [new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Brief' })];
	out.push(line('State', brief.state));
	const answers = { ...(brief.known ?? {}), ...(brief.answers ?? {}) } as Record<string, unknown>;
	for (const q of brief.questions ?? []) {
		const value = answers[q.id];
		const text = Array.isArray(value)
			? value.join(', ')
			: value == null || value === ''
				? 'Not answered'
				: String(value);
		out.push(line(q.label, text));
	}
	return out;
}

/** The record's opening lines: who, when, which assistant, models and prompts. */
function recordHeader(record: ChatRecord, title: string, at: (iso: string) => string): Paragraph[] {
	return [
		new Paragraph({ heading: HeadingLevel.TITLE, text: `Record: ${title}` }),
		new Paragraph({ children: [new TextRun({ text: record.notice, bold: true })] }),
		line('Chat owner', `${record.chat.owner.name} (${record.chat.owner.email})`),
		line('Chat id', record.chat.id),
		line('Started', at(record.chat.createdAt)),
		line('Last activity', at(record.chat.lastActivityAt)),
		line('Exported', `${at(record.exportedAt)} by ${record.exportedBy.name} (${record.exportedBy.email})`),
		line('Guidance used', record.chat.useGuidance ? 'Yes' : 'No'),
		line(
			'Assistant',
			record.chat.assistant
				? `${record.chat.assistant.name ?? 'Deleted assistant'}${record.chat.assistant.version ? `, version ${record.chat.assistant.version}` : ''}`
				: 'None (general chat)'
		),
		line('Models', record.models.join(', ') || 'None'),
		line('Prompts', record.prompts.map((p) => `${p.id} version ${p.version}`).join(', ') || 'None')
	];
}

/** The record as a Word document (.docx bytes), for people who file records as documents. */
export async function chatRecordToDocx(record: ChatRecord): Promise<Uint8Array> {
	const title = record.chat.title.trim() || 'Untitled chat';
	const at = (iso: string) => exportDate(new Date(iso));
	const children: Paragraph[] = recordHeader(record, title, at);
	if (record.chat.brief) children.push(...briefParagraphs(record.chat.brief));
	children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Messages' }));
	for (const m of record.messages) {
		const heading = `${ROLE_LABELS[m.role]}, ${at(m.createdAt)}${m.inLatestConversation ? '' : ' (earlier version, replaced)'}`;
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: heading }));
		if (m.role === 'assistant') {
			children.push(line('Model', m.model ?? 'None'));
			children.push(line('Prompts', m.prompts.map((p) => `${p.id} version ${p.version}`).join(', ') || 'None'));
			children.push(line('Status', m.status));
		}
		children.push(...markdownParagraphs(m.content));
		for (const f of m.feedback) {
			const parts = [f.rating === 'up' ? 'Helpful' : 'Not helpful', f.reason, f.comment].filter(Boolean).join(' – ');
			children.push(line('Feedback', `${parts} (${at(f.givenAt)})`));
		}
		if (m.sources.length) {
			children.push(new Paragraph({ children: [new TextRun({ text: 'Guidance cited', bold: true })] }));
			for (const s of m.sources) {
				const where = [s.documentTitle, s.heading].filter((p) => p?.trim()).join(' — ');
				children.push(
					new Paragraph({
						indent: { left: 360 },
						children: [
							new TextRun({
								text: `[${s.n}] ${where}, version ${s.documentVersion}${s.url ? `, ${s.url}` : ''}`,
								bold: true
							})
						]
					}),
					new Paragraph({ indent: { left: 360 }, children: [new TextRun({ text: s.passage, italics: true })] })
				);
			}
		}
	}
	const doc = new Document({
		title: `Record: ${title}`,
		creator: 'NHS Comms Assist',
		description: record.notice,
		sections: [{ children }]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}

/** "press-release.record.json" */
export function recordFilename(base: string, format: RecordFormat): string {
	return base.replace(/\.[a-z]+$/, '') + (format === 'record-json' ? '.record.json' : '.record.docx');
}
