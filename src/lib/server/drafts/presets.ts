/**
 * The preset targeted edits (EDIT_PRESETS) as the full instructions the model is given: a word such as
 * "shorter" leaves too much to guess, so each says exactly what good looks like.
 */
import { EDIT_PRESETS } from '$lib/schemas/drafts';

type Preset = (typeof EDIT_PRESETS)[number];

const INSTRUCTIONS: Record<Preset, string> = {
	shorter:
		'Make it shorter: cut it to about half its length or less. Keep the key message, facts and any call to action; remove repetition, filler and less important detail.',
	'plainer English':
		'Rewrite it in plain English: short sentences (about 15 to 20 words), everyday words instead of jargon or Latin phrases, the active voice, and any medical term explained in everyday words.',
	warmer:
		'Make it warmer and more human: speak directly to the reader as "you", acknowledge how they may feel, and sound kind and reassuring, without becoming informal or over-familiar. Keep the facts the same.',
	'more formal':
		'Make it more formal, suitable for a board paper or a letter to stakeholders: no contractions, no exclamation marks, precise wording, still clear and in the active voice.',
	'reading age 9':
		'Rewrite it for a reading age of 9: very short sentences (no more than 12 to 15 words), common one- and two-syllable words, one idea per sentence, no jargon, abbreviations or idioms, and explain anything medical as you would to a child, without talking down.',
	'for social media':
		'Rewrite it as a social media post: lead with the most important point, short and conversational but professional, under 280 characters if possible, with a clear call to action. At most one or two relevant hashtags and no more than one emoji.'
};

/** The instruction to give the model: a preset's full wording, or the person's own instruction. */
export function expandInstruction(instruction: string): string {
	const preset = EDIT_PRESETS.find((p) => p.toLowerCase() === instruction.trim().toLowerCase());
	return preset ? INSTRUCTIONS[preset] : instruction.trim();
}
