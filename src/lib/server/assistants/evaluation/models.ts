/** Which model an evaluation runs against: the one asked for, else the assistant's default, else the first. */
import { pickModel } from '../../chat/turn-setup';
import { chatModels, NO_MODEL_MESSAGE } from '../../llm/chat-models';
import type { Result } from '../result';

export async function resolveEvaluationModel(
	requested: string | undefined,
	assistantDefault: string | null = null
): Promise<Result<string>> {
	const models = await chatModels();
	if (requested === undefined) {
		if (models.length === 0) return { ok: false, status: 409, message: NO_MODEL_MESSAGE };
		const fallback = models.find((m) => m.id === assistantDefault) ?? models[0];
		return { ok: true, value: fallback.id };
	}
	const picked = await pickModel(requested);
	if ('error' in picked) return { ok: false, status: 400, message: picked.error, fieldErrors: { model: picked.error } };
	return { ok: true, value: picked.model!.id };
}
