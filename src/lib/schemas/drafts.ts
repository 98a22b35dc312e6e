/**
 * Drafts: request bodies and the views the API answers with. Shared by the server and the browser
 * (no server imports). Field names are the API contract: keep them.
 */
import { z } from 'zod';
import { sendAnywaySchema } from './personal-data';

export const DRAFT_STATUSES = ['draft', 'in_review', 'approved'] as const;
export type DraftStatusName = (typeof DRAFT_STATUSES)[number];

export const SOCIAL_PLATFORMS = ['x', 'linkedin', 'facebook', 'instagram', 'bluesky'] as const;
export type SocialPlatformName = (typeof SOCIAL_PLATFORMS)[number];

/** Character limits per platform (Facebook's is far above anything a post should be). */
export const SOCIAL_LIMITS: Record<SocialPlatformName, { label: string; limit: number }> = {
	x: { label: 'X', limit: 280 },
	linkedin: { label: 'LinkedIn', limit: 3000 },
	facebook: { label: 'Facebook', limit: 63206 },
	instagram: { label: 'Instagram', limit: 2200 },
	bluesky: { label: 'Bluesky', limit: 300 }
};

/** The preset targeted edits; a person may also type their own instruction. */
export const EDIT_PRESETS = [
	'shorter',
	'plainer English',
	'warmer',
	'more formal',
	'reading age 9',
	'for social media'
] as const;

export const DRAFT_EXPORT_FORMATS = ['docx', 'md'] as const;
export type DraftExportFormat = (typeof DRAFT_EXPORT_FORMATS)[number];

/** Largest draft we store, in characters (a long report is ~60,000). */
export const MAX_DRAFT_CHARS = 200_000;
export const MAX_TITLE_CHARS = 200;

const title = z
	.string({ error: 'title must be text' })
	.trim()
	.min(1, 'Give the draft a title')
	.max(MAX_TITLE_CHARS, `Keep the title to ${MAX_TITLE_CHARS} characters or fewer`);
const content = z
	.string({ error: 'content must be text (Markdown)' })
	.max(MAX_DRAFT_CHARS, `A draft can be at most ${MAX_DRAFT_CHARS.toLocaleString('en-GB')} characters`);
const offset = (name: string) =>
	z
		.number({ error: `${name} must be a character offset` })
		.int(`${name} must be a whole number`)
		.min(0, `${name} must be 0 or more`);
const version = (name: string) =>
	z
		.number({ error: `${name} must be a version number` })
		.int(`${name} must be a whole number`)
		.min(1, `${name} must be 1 or more`);

export const createDraftSchema = z
	.object({
		fromMessageId: z
			.string({ error: 'fromMessageId must be the id of an answer' })
			.min(1, 'fromMessageId must be the id of an answer')
			.optional(),
		title: title.optional(),
		content: content.optional()
	})
	.refine((v) => !(v.fromMessageId && v.content !== undefined), {
		message: 'Send either fromMessageId or content, not both'
	});

export const saveDraftSchema = z.object({
	content,
	title: title.optional(),
	baseVersion: version('baseVersion')
});

export const restoreVersionSchema = z.object({ baseVersion: version('baseVersion') });

export const editRequestSchema = z
	.object({
		start: offset('start'),
		end: offset('end'),
		instruction: z
			.string({ error: 'instruction must be text' })
			.trim()
			.min(1, 'Say how to change the passage')
			.max(500, 'Keep the instruction to 500 characters or fewer'),
		baseVersion: version('baseVersion'),
		/** Sending personal data on purpose, as in chat (only when the guard warns). */
		personalData: sendAnywaySchema.optional()
	})
	.refine((v) => v.end > v.start, { message: 'Select some text to change (end must be after start)' });

/** POST /api/drafts/{id}/variants/{platform}/generate: the body is optional. */
export const generateVariantSchema = z.object({ personalData: sendAnywaySchema.optional() });

export const acceptEditSchema = z.object({ baseVersion: version('baseVersion') });

/** The events of a targeted edit's or a variant's stream (SSE). */
export type DraftStreamEvent =
	| { event: 'token'; data: { text: string } }
	| { event: 'done'; data: { replacement: string; editId: string } }
	| { event: 'done'; data: { content: string; overLimit?: boolean } }
	| { event: 'error'; data: { message: string; errorId?: string } };

export const variantSchema = z.object({
	content: z
		.string({ error: 'content must be text' })
		.max(63206, 'A post can be at most 63,206 characters (the longest any platform allows)'),
	baseVersion: version('baseVersion').optional()
});

export const reviewRequestSchema = z.object({
	reviewerEmails: z
		.array(z.string({ error: 'reviewerEmails must be a list of email addresses' }).trim().toLowerCase(), {
			error: 'reviewerEmails must be a list of email addresses'
		})
		.min(1, 'Choose at least one reviewer')
		.max(10, 'Ask at most 10 reviewers at once'),
	message: z
		.string({ error: 'message must be text' })
		.trim()
		.max(1000, 'Keep the message to 1,000 characters or fewer')
		.optional()
});

export const decisionSchema = z.object({
	decision: z.enum(['approve', 'changes_requested'], {
		error: 'decision must be "approve" or "changes_requested"'
	}),
	version: version('version'),
	comment: z
		.string({ error: 'comment must be text' })
		.trim()
		.max(2000, 'Keep the comment to 2,000 characters or fewer')
		.optional()
});

export const commentSchema = z
	.object({
		version: version('version'),
		start: offset('start'),
		end: offset('end'),
		body: z
			.string({ error: 'body must be text' })
			.trim()
			.min(1, 'Write a comment')
			.max(2000, 'Keep the comment to 2,000 characters or fewer')
	})
	.refine((v) => v.end > v.start, { message: 'Select the passage the comment is about' });

/** A sign-off record: who decided what on which version, and when. */
export type DraftApprovalView = {
	reviewerName: string;
	reviewerEmail: string;
	clinical: boolean;
	decision: 'approve' | 'changes_requested';
	version: number;
	comment: string | null;
	createdAt: string;
};

export type DraftReviewerView = {
	name: string;
	email: string;
	clinical: boolean;
	requestedVersion: number;
	requestedAt: string;
	/** The reviewer's latest decision since they were asked, if any. */
	decision: 'approve' | 'changes_requested' | null;
};

export type DraftCommentView = {
	id: string;
	authorName: string;
	version: number;
	start: number;
	end: number;
	quote: string;
	body: string;
	resolved: boolean;
	createdAt: string;
};

export type DraftVariantView = {
	platform: SocialPlatformName;
	content: string;
	basedOnVersion: number;
	aiGenerated: boolean;
	updatedAt: string;
};

/** GET /api/drafts/{id}: the contract fields first, then what the canvas needs. */
export type DraftView = {
	id: string;
	title: string;
	content: string;
	version: number;
	status: DraftStatusName;
	chatId: string | null;
	approvals: DraftApprovalView[];
	approvedVersion: number | null;
	needsClinicalReview: boolean;
	aiAssisted: boolean;
	/** What the person asking may do. */
	role: 'author' | 'reviewer';
	ownerName: string;
	reviewers: DraftReviewerView[];
	comments: DraftCommentView[];
	variants: DraftVariantView[];
	createdAt: string;
	updatedAt: string;
};

export type DraftSummary = {
	id: string;
	title: string;
	version: number;
	status: DraftStatusName;
	ownerName: string;
	updatedAt: string;
};

export type DraftVersionSummary = {
	version: number;
	createdAt: string;
	authorName: string;
	source: 'created' | 'edited' | 'ai_edit' | 'restored';
	note: string | null;
};
