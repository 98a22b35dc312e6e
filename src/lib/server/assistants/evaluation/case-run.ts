/**
 * Runs one test case against one assistant version and model, through the chat's own code: the intake
 * plan (`planIntake`, as the chat's intake phase does for an opening request), then the same context
 * building (`buildContext`: system prompt, the assistant's brief, guidance passages) and the same model
 * stream (`streamChat`) and citation cleaning as an answer. Nothing is saved to any chat.
 *
 * The case's `answers` stand in for the person's answers to the questions asked, so the draft is
 * written from the full brief, as it would be after the person answered.
 */
import type { AssistantDefinition, ChatBrief } from '$lib/schemas/assistant';
import type { EvaluationResultView, TestCaseExpect } from '$lib/schemas/evaluation';
import type { AssistantTurnContext } from '../context';
import { planIntake } from '../intake';
import { cleanCitations } from '../../chat/citations';
import { buildContext } from '../../chat/turn-context';
import { findPassages, type TurnInput, type TurnSetup } from '../../chat/turn-setup';
import type { ChatRow } from '../../db/queries/chats';
import { checkDraftText } from '../../governance/style-rules';
import { streamChat } from '../../llm/chat-models';
import { loadPrompt, promptVersion } from '../../llm/prompts';
import { isQuestionReason, runChecks } from './checks';
import { judgeRubric } from './judge';

export type CaseToRun = {
	/** null for a case that is not stored (the inclusive-language audit's). */
	id: string | null;
	name: string;
	request: string;
	answers: Record<string, string | string[]>;
	expect: TestCaseExpect;
};

export type AssistantUnderTest = { id: string; version: number; definition: AssistantDefinition };

export type CaseResult = EvaluationResultView & { durationMs: number };

/** What the intake would ask for the request alone, and the brief once the case's answers are given. */
async function intakeFor(assistant: AssistantUnderTest, testCase: CaseToRun, model: string) {
	const plan = await planIntake({ definition: assistant.definition, request: testCase.request, model });
	const asked = plan.ask.map((q) => q.id);
	const brief: ChatBrief = {
		requestMessageId: '',
		questions: plan.all,
		asked,
		known: plan.known,
		answers: { ...plan.known, ...testCase.answers },
		state: 'answered'
	};
	return { asked, brief, questions: plan.all, fellBack: plan.fellBack ?? [] };
}

/** Why a question check may say more about a failed model step than about the assistant. */
const FALLBACK_NOTES = {
	extraction:
		"The intake step could not read the model's reply about what the request already says, so it treated every question as unanswered",
	questions:
		'The model could not write its own clarifying questions, so the assistant fell back to its defined questions'
} as const;

/**
 * A turn's setup for a request that belongs to no chat: no history, guidance on, the chat's prompts.
 * `buildContext` reads only the request, the prompts, the guidance and the (empty) history from it.
 */
async function evaluationSetup(request: string, model: string, context: AssistantTurnContext): Promise<TurnSetup> {
	const [system, grounding] = await Promise.all([loadPrompt('chat-system'), loadPrompt('chat-grounding')]);
	const input: TurnInput = {
		chat: { id: 'evaluation', title: 'evaluation', useGuidance: true } as ChatRow,
		content: request,
		model,
		useGuidance: true,
		signal: new AbortController().signal,
		assistant: context
	};
	return {
		input,
		errorId: crypto.randomUUID(),
		startedAt: Date.now(),
		useGuidance: true,
		model: { id: model, label: model },
		grounding: findPassages(request, context.definition.collections),
		earlier: [],
		prompts: { system, grounding },
		promptVersions: [promptVersion(system), promptVersion(grounding)]
	};
}

/** Writes the draft the chat would write for this brief. Throws a ChatModelError when the model fails. */
async function draftFor(assistant: AssistantUnderTest, request: string, brief: ChatBrief, model: string) {
	const context: AssistantTurnContext = { ...assistant, brief };
	const setup = await evaluationSetup(request, model, context);
	const building = buildContext(setup, context, model);
	let step = await building.next();
	while (!step.done) step = await building.next();
	const { messages, offered } = step.value;
	let text = '';
	const temperature = assistant.definition.temperature ?? undefined;
	for await (const part of streamChat({ model, messages, signal: setup.input.signal, temperature })) {
		if ('text' in part) text += part.text;
	}
	return cleanCitations(text, offered.length).text;
}

/** Runs one case; the deterministic checks decide `passed`, the rubric (if any) is reported beside them. */
export async function runCase(input: {
	assistant: AssistantUnderTest;
	testCase: CaseToRun;
	model: string;
	/** The judge for rubrics; the model under test when absent. */
	judgeModel?: string;
}): Promise<CaseResult> {
	const started = Date.now();
	const { assistant, testCase, model } = input;
	const intake = await intakeFor(assistant, testCase, model);
	const output = await draftFor(assistant, testCase.request, intake.brief, model);
	const draft = await checkDraftText(output);
	const { passed, reasons } = runChecks({
		output,
		expect: testCase.expect,
		asked: intake.asked,
		questions: [...assistant.definition.intake.questions, ...intake.questions],
		draft
	});
	// A question check that failed after a model step fell back says so, as people would otherwise
	// blame the assistant's questions for the model's failure.
	if (reasons.some(isQuestionReason)) {
		for (const step of intake.fellBack) reasons.push(`${FALLBACK_NOTES[step]}: the question checks reflect that.`);
	}
	const rubric = testCase.expect.rubric
		? await judgeRubric({
				model: input.judgeModel ?? model,
				request: testCase.request,
				rubric: testCase.expect.rubric,
				output
			})
		: null;
	return {
		testCaseId: testCase.id,
		name: testCase.name,
		passed,
		reasons,
		output,
		asked: intake.asked,
		rubric,
		durationMs: Date.now() - started
	};
}
