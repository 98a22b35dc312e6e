/**
 * "Draft a 'you said, we did' summary": a new chat with the built-in "You said, we did" assistant and
 * the analysis result attached as a document (question, responses, themes with counts and quotes), so
 * the turn grounds on it and cites it like any attached file. Only redacted text is in it.
 */
import type { AnalysisView } from '$lib/schemas/analysis';
import type { SessionUser } from '$lib/schemas/user';
import { indexPassages } from '../attachments/service';
import { startChat } from '../chat/start';
import { insertAttachment } from '../db/queries/attachments';
import { findBuiltinAssistant } from '../db/queries/builtin-assistants';
import { parseMarkdown } from '../ingestion/parsers/markdown';

export const YOU_SAID_WE_DID = 'you-said-we-did';

function share(count: number, total: number): string {
	return total ? `${Math.round((count / total) * 100)}%` : '0%';
}

/** The analysis result as Markdown: what the summary chat reads. */
export function analysisMarkdown(view: AnalysisView): string {
	const cell = (s: string) => s.replace(/\|/g, '/').replace(/\s+/g, ' ');
	const lines = [
		`# Feedback analysis: ${view.fileName}`,
		'',
		`Question people answered: ${view.question ?? `(not given; the column was "${view.column}")`}`,
		'',
		`Responses analysed: ${view.responses}. Responses in no theme: ${view.unassigned}. A response can sit in more than one theme.`,
		'',
		'Personal details in the responses were replaced with placeholders such as [Person 1] before analysis.',
		'',
		'## Themes',
		'',
		'| Theme | Responses | Share | Description |',
		'| --- | --- | --- | --- |',
		...view.themes.map(
			(t) => `| ${cell(t.title)} | ${t.count} | ${share(t.count, view.responses)} | ${cell(t.description)} |`
		)
	];
	for (const t of view.themes) {
		lines.push('', `## ${t.title} (${t.count} responses)`, '', t.description || '', '');
		lines.push(...(t.quotes.length ? t.quotes.map((q) => `- "${q.replace(/\s+/g, ' ')}"`) : ['- No quotes.']));
	}
	return lines.join('\n');
}

export type SummaryChat =
	{ ok: true; chatId: string; attachmentId: string; chars: number } | { ok: false; message: string };

/** Starts the chat and attaches the result; fails only when the built-in assistant is missing. */
export async function startSummaryChat(user: SessionUser, view: AnalysisView): Promise<SummaryChat> {
	const assistant = await findBuiltinAssistant(YOU_SAID_WE_DID);
	if (!assistant) {
		return {
			ok: false,
			message: 'The "You said, we did" assistant is not installed. Ask an administrator to restart the service.'
		};
	}
	const started = await startChat(user, {
		assistantId: assistant.id,
		title: `You said, we did: ${view.fileName}`.slice(0, 200)
	});
	if (!started.ok) return { ok: false, message: started.message };
	const text = analysisMarkdown(view);
	const document = parseMarkdown(text);
	const fileName = `Analysis of ${view.fileName.replace(/\.[A-Za-z0-9]+$/, '')} (${view.column}).md`.slice(0, 255);
	const row = await insertAttachment(
		{
			chatId: started.chat.id,
			userId: user.id,
			fileName,
			kind: 'document',
			format: 'markdown',
			byteSize: new TextEncoder().encode(text).byteLength,
			text,
			columns: null,
			rows: null,
			personalData: {}
		},
		await indexPassages(document)
	);
	return { ok: true, chatId: started.chat.id, attachmentId: row.id, chars: row.chars };
}
