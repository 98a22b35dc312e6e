/**
 * Feedback analysis as the browser sees it: the request that starts one, the view the API returns,
 * a theme's responses and a chat's list of analyses. Shared by the server and the browser.
 */
import { z } from 'zod';

export const ANALYSIS_STATUSES = ['queued', 'running', 'complete', 'failed'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

export const MAX_ANALYSIS_QUESTION_CHARS = 500;
export const MAX_THEME_TITLE_CHARS = 200;
export const MAX_THEME_DESCRIPTION_CHARS = 1000;

/** POST /api/chats/{id}/analyses. */
export const startAnalysisSchema = z.object({
	attachmentId: z.string({ error: 'Choose a file to analyse' }).min(1, 'Choose a file to analyse'),
	column: z.string({ error: 'Choose the column with the responses' }).min(1, 'Choose the column with the responses'),
	question: z
		.string()
		.trim()
		.max(MAX_ANALYSIS_QUESTION_CHARS, `The question must be ${MAX_ANALYSIS_QUESTION_CHARS} characters or fewer`)
		.optional()
});
export type StartAnalysis = z.infer<typeof startAnalysisSchema>;

export type AnalysisTheme = {
	id: string;
	title: string;
	description: string;
	count: number;
	quotes: string[];
	/** The title the AI proposed, when a person has renamed the theme since. */
	proposedTitle?: string | null;
	/** Whether a person has changed the theme (renamed, merged into or split from). */
	edited?: boolean;
};

export type AnalysisHistoryEntry = { at: string; by: string; action: string; detail: string };

/** GET /api/analyses/{id}, and the answer to every change of themes. */
export type AnalysisView = {
	id?: string;
	status: AnalysisStatus;
	progress: { done: number; total: number };
	responses: number;
	themes: AnalysisTheme[];
	unassigned: number;
	error?: string | null;
	chatId: string;
	attachmentId: string;
	fileName: string;
	column: string;
	question: string | null;
	createdAt: string;
	history: AnalysisHistoryEntry[];
};

/** One response as GET /api/analyses/{id}/responses lists it (its text with personal data replaced). */
export type AnalysisResponseItem = { id: string; number: number; text: string; themeIds: string[] };
export type AnalysisResponsesPage = { responses: AnalysisResponseItem[]; total: number };

/** One entry of GET /api/chats/{id}/analyses. */
export type AnalysisListItem = {
	id: string;
	status: AnalysisStatus;
	fileName: string;
	column: string;
	responses: number;
	createdAt: string;
};

export const isAnalysisActive = (view: Pick<AnalysisView, 'status'>) =>
	view.status === 'queued' || view.status === 'running';

/** The theme filter for responses that no theme took. */
export const UNASSIGNED = 'unassigned';
