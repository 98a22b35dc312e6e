/**
 * Feedback analysis: request bodies and the views the API answers with. Shared by the server and the
 * browser (no server imports).
 */
import { z } from 'zod';

export const ANALYSIS_STATUSES = ['queued', 'running', 'complete', 'failed'] as const;
export type AnalysisStatusName = (typeof ANALYSIS_STATUSES)[number];

export const ANALYSIS_EXPORT_FORMATS = ['csv', 'xlsx', 'docx'] as const;
export type AnalysisExportFormat = (typeof ANALYSIS_EXPORT_FORMATS)[number];

/** Most responses one analysis reads (the model-call budget grows with them). */
export const MAX_ANALYSIS_RESPONSES = 20_000;

const title = z
	.string({ error: 'title must be text' })
	.trim()
	.min(1, 'Give the theme a title')
	.max(120, 'Keep the theme title to 120 characters or fewer');
const description = z
	.string({ error: 'description must be text' })
	.trim()
	.max(500, 'Keep the theme description to 500 characters or fewer');

export const startAnalysisSchema = z.object({
	attachmentId: z.string({ error: 'attachmentId is required: the id of the attached spreadsheet' }).min(1),
	column: z.string({ error: 'column is required: the name of the column holding the responses' }).min(1),
	question: z
		.string({ error: 'question must be text' })
		.trim()
		.max(500, 'Keep the question to 500 characters or fewer')
		.optional()
});

export const renameThemeSchema = z
	.object({ title: title.optional(), description: description.optional() })
	.refine((v) => v.title !== undefined || v.description !== undefined, {
		message: 'Send a new title or description for the theme'
	});

export const mergeThemesSchema = z.object({
	themeIds: z
		.array(z.string({ error: 'themeIds must be a list of theme ids' }), {
			error: 'themeIds must be a list of theme ids'
		})
		.min(2, 'Choose at least 2 themes to merge')
		.max(50, 'Choose at most 50 themes to merge'),
	title: title.optional(),
	description: description.optional()
});

export const splitThemeSchema = z.object({
	title,
	description: description.optional(),
	responseIds: z
		.array(z.string({ error: 'responseIds must be a list of response ids' }), {
			error: 'responseIds must be a list of response ids'
		})
		.min(1, 'Choose at least 1 response to move to the new theme')
		.max(20_000, 'Too many responses')
});

export type AnalysisTheme = {
	id: string;
	title: string;
	description: string;
	count: number;
	quotes: string[];
	/** What the model proposed; null for a theme people made by merging or splitting. */
	proposedTitle: string | null;
	edited: boolean;
};

export type AnalysisHistoryItem = { at: string; by: string; action: string; detail: string };

/** GET /api/analyses/{id} (and the answer to every edit). */
export type AnalysisView = {
	id: string;
	chatId: string;
	attachmentId: string;
	fileName: string;
	column: string;
	question: string | null;
	createdAt: string;
	status: AnalysisStatusName;
	progress: { done: number; total: number };
	responses: number;
	themes: AnalysisTheme[];
	unassigned: number;
	error?: string;
	history: AnalysisHistoryItem[];
};

/** An entry of GET /api/chats/{id}/analyses. */
export type AnalysisListItem = {
	id: string;
	status: AnalysisStatusName;
	fileName: string;
	column: string;
	responses: number;
	createdAt: string;
};

export type AnalysisResponseItem = { id: string; number: number; text: string; themeIds: string[] };
