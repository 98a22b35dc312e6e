import { validateBriefAnswers, type BriefAnswers, type ChatBrief } from '$lib/schemas/assistant';

type BriefBody = { skip: true } | { answers: BriefAnswers };

/**
 * The brief after the person answers or skips. While questions are open, answers are checked against
 * the questions asked and added to what was known; editing a finished brief checks every question and
 * replaces the answers. `text` is everything the person typed, for the personal-data guard.
 */
export function resolveBrief(
	brief: ChatBrief,
	body: BriefBody
): { ok: true; brief: ChatBrief; text: string } | { ok: false; message: string; errors: Record<string, string> } {
	if ('skip' in body) return { ok: true, brief: { ...brief, state: 'skipped' }, text: '' };
	const asking = brief.state === 'asking';
	const questions = asking ? brief.questions.filter((q) => brief.asked.includes(q.id)) : brief.questions;
	const answers: BriefAnswers = {};
	for (const [id, value] of Object.entries(body.answers)) {
		const cleaned = Array.isArray(value) ? value.map((v) => v.trim()).filter(Boolean) : value.trim();
		if (Array.isArray(cleaned) ? cleaned.length : cleaned) answers[id] = cleaned;
	}
	const errors = validateBriefAnswers(questions, answers);
	if (Object.keys(errors).length) {
		return { ok: false, message: Object.values(errors)[0], errors };
	}
	const merged = asking ? { ...brief.known, ...answers } : answers;
	const text = Object.values(answers)
		.map((v) => (Array.isArray(v) ? v.join('\n') : v))
		.join('\n');
	return { ok: true, brief: { ...brief, answers: merged, state: 'answered' }, text };
}
