/**
 * Targeted edits: the model sees the whole draft with the passage marked (and guidance passages found
 * for the instruction and passage, as a chat turn would) and writes a replacement for the passage only.
 * The replacement is stored as a proposal; accepting it (accept.ts) is what changes the draft.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { PromptVersion } from '$lib/schemas/chat';
import type { DraftStreamEvent, editRequestSchema } from '$lib/schemas/drafts';
import type { SessionUser } from '$lib/schemas/user';
import { findPassages } from '../chat/turn-setup';
import { finishDraftEdit, insertDraftEdit } from '../db/queries/draft-edits';
import type { Draft } from '../db/schema';
import type { ModelMessage } from '../llm/chat-models';
import { loadPrompt, promptVersion, renderPrompt } from '../llm/prompts';
import { expandInstruction } from './presets';
import { conflictResponse } from './save';
import { cleanReplacement, markSpan, spanProblem } from './span';
import { draftEventStream, guardResponse, modelTokens, requireModel } from './stream';

type EditInput = z.infer<typeof editRequestSchema>;

/** Guidance for the instruction and passage, numbered for the prompt (empty when none is found). */
async function guidanceBlock(query: string): Promise<{ text: string; versions: PromptVersion[] }> {
	const passages = await findPassages(query);
	if (!passages.length) return { text: '', versions: [] };
	const prompt = await loadPrompt('draft-edit-guidance');
	const listed = passages
		.map((p) => `${[p.documentTitle, p.heading].filter(Boolean).join(' — ')}\n${p.text}`)
		.join('\n\n');
	return { text: renderPrompt(prompt, { passages: listed }), versions: [promptVersion(prompt)] };
}

async function editMessages(content: string, input: EditInput) {
	const original = content.slice(input.start, input.end);
	const [system, edit, guidance] = await Promise.all([
		loadPrompt('chat-system'),
		loadPrompt('draft-edit'),
		guidanceBlock(`${input.instruction}\n${original}`)
	]);
	const messages: ModelMessage[] = [
		{ role: 'system', content: renderPrompt(system) },
		{
			role: 'system',
			content: renderPrompt(edit, {
				instruction: expandInstruction(input.instruction),
				draft: markSpan(content, input.start, input.end),
				guidance: guidance.text
			})
		},
		{ role: 'user', content: original }
	];
	return { messages, original, promptVersions: [promptVersion(system), promptVersion(edit), ...guidance.versions] };
}

/** Streams the model's replacement, then stores it as the edit's proposal. */
async function* runEdit(
	editId: string,
	model: string,
	messages: ModelMessage[],
	original: string,
	signal: AbortSignal,
	errorId: string
): AsyncGenerator<DraftStreamEvent> {
	const streamed = yield* modelTokens(model, messages, signal, errorId, 'draft edit');
	if ('failed' in streamed) {
		await finishDraftEdit(editId, { error: streamed.failed });
		return;
	}
	const text = streamed.text;
	if (signal.aborted) {
		await finishDraftEdit(editId, { error: 'Stopped before the suggestion was finished.' });
		return;
	}
	const replacement = cleanReplacement(text, original);
	if (!replacement.trim()) {
		const message = 'The model did not suggest any text. Try again, or change the instruction.';
		await finishDraftEdit(editId, { error: message });
		yield { event: 'error', data: { message, errorId } };
		return;
	}
	await finishDraftEdit(editId, { replacement });
	yield { event: 'done', data: { replacement, editId } };
}

/** POST /api/drafts/{id}/edits: checks, then streams the suggestion. */
export async function startEdit(event: RequestEvent, draft: Draft, user: SessionUser, input: EditInput) {
	const errorId = event.locals.requestId;
	if (input.baseVersion !== draft.version) return conflictResponse(draft, errorId);
	const problem = spanProblem(draft.content, input.start, input.end);
	if (problem) error(400, { message: problem, errorId });
	const model = await requireModel(user, errorId);
	// The model is sent the instruction and the whole draft, so both pass the guard first.
	const held = await guardResponse(user, `${input.instruction}\n\n${draft.content}`, input.personalData, errorId);
	if (held) return held;
	const { messages, original, promptVersions } = await editMessages(draft.content, input);
	const edit = await insertDraftEdit({
		draftId: draft.id,
		userId: user.id,
		baseVersion: draft.version,
		start: input.start,
		end: input.end,
		instruction: input.instruction,
		original,
		model: model.id,
		promptVersions
	});
	return draftEventStream(event, 'draft edit', (signal) =>
		runEdit(edit.id, model.id, messages, original, signal, errorId)
	);
}
