/**
 * The context-building phase: the passages the answer may cite (the person's attached files first,
 * then guidance, in one [n] numbering), the system messages, and as much conversation as fits.
 */
import type { ChatEvent, ChatSource, StoredSource } from '$lib/schemas/chat';
import { describeBrief } from '../assistants/intake';
import type { AssistantTurnContext } from '../assistants/context';
import { attachmentContext } from '../attachments/passages';
import { chatSettings, type ModelMessage } from '../llm/chat-models';
import { loadPrompt, promptVersion, renderPrompt, type Prompt } from '../llm/prompts';
import { answerReserve, estimateTokens, fitToContext } from './history';
import { findPassages, type TurnSetup } from './turn-setup';

/** Share of the context (after the answer's reserve) that attached files may take before passages are chosen. */
export const ATTACHMENT_SHARE = 0.6;

export type TurnContext = { messages: ModelMessage[]; offered: StoredSource[]; promptEstimate: number };

export function browserSource(s: StoredSource): ChatSource {
	const source: ChatSource = {
		n: s.n,
		documentTitle: s.documentTitle,
		heading: s.heading,
		collection: s.collection,
		text: s.text,
		url: s.url
	};
	if (s.collectionName) source.collectionName = s.collectionName;
	if (s.attachmentId) Object.assign(source, { attachmentId: s.attachmentId, fileName: s.fileName });
	return source;
}

function numberedPassages(sources: StoredSource[]): string {
	return sources
		.map((s) => {
			const where = [s.documentTitle, s.heading].filter(Boolean).join(' — ');
			return `[${s.n}] ${where}\n${s.text}`;
		})
		.join('\n\n');
}

function assistantSystem(prompt: Prompt, context: AssistantTurnContext): string {
	const { definition, brief } = context;
	const template = definition.outputTemplate.trim();
	return renderPrompt(prompt, {
		name: definition.name,
		instructions: definition.instructions,
		brief: brief ? describeBrief(brief.questions, brief.answers) : '- (no brief was given)',
		template: template ? `Structure the draft like this template:\n${template}` : ''
	});
}

/** The attached files' passages (reading long ones part by part, with `progress` events). */
async function* filePassages(setup: TurnSetup, model: string) {
	const attachments = setup.input.attachments ?? [];
	if (!attachments.length) return undefined;
	const { contextTokens } = await chatSettings();
	const events: ChatEvent[] = [];
	const read = attachmentContext({
		attachments,
		request: setup.input.content,
		model,
		budgetTokens: Math.floor((contextTokens - answerReserve(contextTokens)) * ATTACHMENT_SHARE),
		progress: (stage, done, total) => events.push({ event: 'progress', data: { stage, done, total } })
	});
	// Progress is relayed as it happens: poll the queue while the parts are read.
	let settled = false;
	const result = read.finally(() => (settled = true));
	while (!settled || events.length) {
		if (events.length) yield events.shift()!;
		else await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 50))]);
	}
	const context = await result;
	setup.promptVersions.push(...context.promptVersions);
	return context;
}

/** Builds what the model is sent; yields `progress` (long files) and `sources` events. */
export async function* buildContext(
	setup: TurnSetup,
	assistant: AssistantTurnContext | undefined,
	model: string
): AsyncGenerator<ChatEvent, TurnContext> {
	const { input, prompts } = setup;
	const files = yield* filePassages(setup, model);
	const guidance = setup.useGuidance
		? await (setup.grounding ?? findPassages(input.content, assistant?.definition.collections))
		: [];
	setup.timer?.mark('waiting for the guidance passages');
	const first = files?.passages.length ?? 0;
	const offered = [...(files?.passages ?? []), ...guidance.map((g) => ({ ...g, n: g.n + first }))];
	if (setup.useGuidance || files) yield { event: 'sources', data: { sources: offered.map(browserSource) } };

	const system: ModelMessage[] = [{ role: 'system', content: renderPrompt(prompts.system) }];
	if (assistant) {
		const assistantPrompt = await loadPrompt('assistant-brief');
		system.push({ role: 'system', content: assistantSystem(assistantPrompt, assistant) });
	}
	if (files?.passages.length) {
		const prompt = await loadPrompt('chat-attachments');
		setup.promptVersions.push(promptVersion(prompt));
		const passages = numberedPassages(offered.slice(0, first));
		system.push({ role: 'system', content: renderPrompt(prompt, { passages, coverage: files.coverage }) });
	}
	if (guidance.length) {
		const passages = numberedPassages(offered.slice(first));
		system.push({ role: 'system', content: renderPrompt(prompts.grounding, { passages }) });
	}
	const history: ModelMessage[] = setup.earlier
		.filter((m) => m.content.trim())
		.map((m) => ({ role: m.role, content: m.content }));
	const { contextTokens } = await chatSettings();
	const { messages } = fitToContext({
		system,
		history,
		current: { role: 'user', content: input.content },
		contextTokens,
		reserveTokens: answerReserve(contextTokens)
	});
	const promptEstimate = messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
	setup.timer?.mark('building the model request');
	return { messages, offered, promptEstimate };
}
