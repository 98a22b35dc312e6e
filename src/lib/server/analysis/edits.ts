/**
 * People's changes to the themes: rename, merge and split. Each is one transaction with its history
 * entry (the history says what changed, by whom); the audit log gets the event without any content.
 */
import type { SessionUser } from '$lib/schemas/user';
import type { AnalysisRow } from '../db/queries/analyses';
import {
	findTheme,
	findThemes,
	mergeThemes,
	renameTheme,
	responsesInTheme,
	splitTheme,
	type Actor
} from '../db/queries/analysis-results';

export type EditResult =
	{ ok: true; themeId: string; count?: number } | { ok: false; status: 404 | 422; message: string };

const quote = (s: string) => `"${s}"`;

function actorOf(user: SessionUser): Actor {
	return { id: user.id, name: user.name };
}

export async function renameAnalysisTheme(
	analysis: AnalysisRow,
	themeId: string,
	change: { title?: string; description?: string },
	user: SessionUser
): Promise<EditResult> {
	const theme = await findTheme(analysis.id, themeId);
	if (!theme) return { ok: false, status: 404, message: 'Theme not found' };
	const parts: string[] = [];
	if (change.title !== undefined && change.title !== theme.title) {
		parts.push(`Renamed ${quote(theme.title)} to ${quote(change.title)}`);
	}
	if (change.description !== undefined && change.description !== theme.description) {
		parts.push(`Changed the description of ${quote(change.title ?? theme.title)}`);
	}
	if (parts.length) await renameTheme(theme, change, actorOf(user), parts.join('. '));
	return { ok: true, themeId: theme.id };
}

export async function mergeAnalysisThemes(
	analysis: AnalysisRow,
	input: { themeIds: string[]; title?: string; description?: string },
	user: SessionUser
): Promise<EditResult> {
	const unique = [...new Set(input.themeIds)];
	if (unique.length < 2) return { ok: false, status: 422, message: 'Choose at least 2 different themes to merge' };
	const themes = await findThemes(analysis.id, unique);
	if (themes.length !== unique.length) return { ok: false, status: 404, message: 'Theme not found' };
	const title = input.title ?? themes[0].title;
	const description =
		input.description ??
		themes
			.map((t) => t.description)
			.filter(Boolean)
			.join(' ')
			.slice(0, 500);
	const detail = `Merged ${themes.map((t) => quote(t.title)).join(', ')} into ${quote(title)}`;
	const themeId = await mergeThemes(themes, { title, description }, actorOf(user), detail);
	return { ok: true, themeId };
}

export async function splitAnalysisTheme(
	analysis: AnalysisRow,
	themeId: string,
	input: { title: string; description?: string; responseIds: string[] },
	user: SessionUser
): Promise<EditResult> {
	const theme = await findTheme(analysis.id, themeId);
	if (!theme) return { ok: false, status: 404, message: 'Theme not found' };
	const wanted = [...new Set(input.responseIds)];
	const inTheme = await responsesInTheme(theme.id, wanted);
	if (inTheme.length !== wanted.length) {
		return {
			ok: false,
			status: 422,
			message: `${wanted.length - inTheme.length} of the chosen responses are not in ${quote(theme.title)}. Choose responses from that theme.`
		};
	}
	const detail = `Split ${inTheme.length} responses from ${quote(theme.title)} into ${quote(input.title)}`;
	const created = { title: input.title, description: input.description ?? '' };
	const newId = await splitTheme(theme, created, inTheme, actorOf(user), detail);
	return { ok: true, themeId: newId, count: inTheme.length };
}
