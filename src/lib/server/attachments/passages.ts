/**
 * What of the person's attached files the model reads in a turn. The whole text when it fits the
 * budget; otherwise the passages most relevant to the question (hybrid search within the files); and
 * for a request about the whole file ("summarise this", "minutes and actions"), a map-reduce: each part
 * is read into notes by the model (with progress reported), and the notes are what the answer cites.
 */
import type { PromptVersion, StoredSource } from '$lib/schemas/chat';
import {
	listAttachmentPassages,
	searchAttachmentPassages,
	type AttachmentPassage,
	type AttachmentWithText
} from '../db/queries/attachments';
import { completeChat } from '../llm/chat-models';
import { getEmbedder } from '../llm/current-embedder';
import { toStorageVector } from '../llm/embeddings/storage';
import { loadPrompt, promptVersion, renderPrompt } from '../llm/prompts';

/** Passages offered when only the most relevant ones can be. */
export const RELEVANT_PASSAGES = 8;
/** Most parts one map-reduce reads (longer files are read in larger parts). */
export const MAX_SECTIONS = 24;

const WHOLE_FILE_REQUEST =
	/\b(summar(y|ise|ize|ies|ising|izing)|minutes|actions?|overview|key (points|messages|themes)|main points|tl;?dr|whole|entire|all of (it|this|the)|briefing|review (my|this|the) (draft|document|paper))\b/i;

/** Whether the request is about the whole file rather than one question in it. */
export function wantsWholeFile(request: string): boolean {
	return WHOLE_FILE_REQUEST.test(request);
}

export type AttachmentContext = {
	passages: StoredSource[];
	/** Said to the model so it knows whether it sees everything. */
	coverage: string;
	promptVersions: PromptVersion[];
};

export type Progress = (stage: string, done: number, total: number) => void;

function toSource(p: AttachmentPassage, n: number, text = p.text, heading = p.heading): StoredSource {
	return {
		n,
		chunkId: p.chunkId,
		documentId: p.attachmentId,
		documentTitle: p.fileName,
		heading,
		collection: '',
		version: 0,
		url: null,
		text,
		attachmentId: p.attachmentId,
		fileName: p.fileName
	};
}

/** Groups passages into at most MAX_SECTIONS parts of about `target` tokens, keeping each file apart. */
export function sections(passages: AttachmentPassage[], target: number): AttachmentPassage[][] {
	const total = passages.reduce((sum, p) => sum + p.tokenCount, 0);
	const size = Math.max(target, Math.ceil(total / MAX_SECTIONS));
	const out: AttachmentPassage[][] = [];
	let current: AttachmentPassage[] = [];
	let tokens = 0;
	for (const p of passages) {
		const otherFile = current.length > 0 && current[0].attachmentId !== p.attachmentId;
		if (current.length && (otherFile || tokens + p.tokenCount > size)) {
			out.push(current);
			current = [];
			tokens = 0;
		}
		current.push(p);
		tokens += p.tokenCount;
	}
	if (current.length) out.push(current);
	return out;
}

async function relevantPassages(attachments: AttachmentWithText[], query: string): Promise<AttachmentPassage[]> {
	const embedder = await getEmbedder();
	const vector = toStorageVector(await embedder.embedQuery(query));
	return searchAttachmentPassages({
		attachmentIds: attachments.map((a) => a.id),
		vector,
		embeddingModel: embedder.id,
		keywordQuery: query,
		k: RELEVANT_PASSAGES
	});
}

/** Reads every part into notes, reporting progress after each; the notes become the passages. */
async function readInParts(
	parts: AttachmentPassage[][],
	request: string,
	model: string,
	progress: Progress
): Promise<{ passages: StoredSource[]; version: PromptVersion }> {
	const prompt = await loadPrompt('attachment-section-notes');
	const passages: StoredSource[] = [];
	progress('reading', 0, parts.length);
	for (const [i, part] of parts.entries()) {
		const first = part[0];
		const fileParts = parts.filter((p) => p[0].attachmentId === first.attachmentId);
		const index = fileParts.indexOf(part) + 1;
		const notes = await completeChat({
			model,
			maxTokens: 600,
			messages: [
				{
					role: 'user',
					content: renderPrompt(prompt, {
						request: request.slice(0, 2000),
						fileName: first.fileName,
						part: String(index),
						parts: String(fileParts.length),
						section: part.map((p) => p.text).join('\n\n')
					})
				}
			]
		});
		passages.push(toSource(first, passages.length + 1, notes.trim(), `Part ${index} of ${fileParts.length} (notes)`));
		progress('reading', i + 1, parts.length);
	}
	return { passages, version: promptVersion(prompt) };
}

/**
 * The attachment passages for a turn, numbered from 1. `budgetTokens` is how much of the context the
 * files may take. Throws the model's error when reading a part fails (the turn reports it).
 */
export async function attachmentContext(input: {
	attachments: AttachmentWithText[];
	request: string;
	model: string;
	budgetTokens: number;
	progress: Progress;
}): Promise<AttachmentContext> {
	const all = await listAttachmentPassages(input.attachments.map((a) => a.id));
	const total = all.reduce((sum, p) => sum + p.tokenCount + 8, 0);
	if (total <= input.budgetTokens) {
		return {
			passages: all.map((p, i) => toSource(p, i + 1)),
			coverage: 'You have their whole text.',
			promptVersions: []
		};
	}
	if (wantsWholeFile(input.request)) {
		const parts = sections(all, Math.max(500, Math.floor(input.budgetTokens / 2)));
		const read = await readInParts(parts, input.request, input.model, input.progress);
		return {
			passages: read.passages,
			coverage: `The files were too long to show in full, so each part was read into notes; the passages are those notes, in order.`,
			promptVersions: [read.version]
		};
	}
	const relevant = await relevantPassages(input.attachments, input.request);
	return {
		passages: relevant.map((p, i) => toSource(p, i + 1)),
		coverage: 'The files are too long to show in full; these are the passages most relevant to the request.',
		promptVersions: []
	};
}
