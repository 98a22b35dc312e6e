/**
 * Forms and views of the guidance library (admin corpus screens). Shared by the server and the
 * browser, so nothing here imports server code.
 */
import { z } from 'zod';
import { slugify } from '$lib/utils/slug';

export const DOCUMENT_STATUSES = ['draft', 'published', 'archived'] as const;
export type DocumentStatusName = (typeof DOCUMENT_STATUSES)[number];

export const JOB_FILE_STATUSES = ['queued', 'done', 'failed', 'skipped'] as const;
export type JobFileStatusName = (typeof JOB_FILE_STATUSES)[number];
export type JobStatusName = 'queued' | 'running' | 'succeeded' | 'failed';

/** What the upload form accepts: the `accept` attribute and the words in its hint. */
export const ACCEPTED_FILE_TYPES = '.pdf,.docx,.html,.htm,.md,.markdown,.txt';
export const ACCEPTED_FILE_WORDS = 'PDF, Word (.docx), HTML, Markdown or plain text';
/** Files in one upload; a larger library goes through `npm run corpus`. */
export const MAX_FILES_PER_UPLOAD = 200;

export const RETRIEVAL_K_CHOICES = [5, 8, 10, 20] as const;
export const DEFAULT_RETRIEVAL_K = 8;
export const TITLE_MAX_LENGTH = 300;

const requiredText = (empty: string, max: number, tooLong: string) =>
	z.string({ error: empty }).trim().min(1, empty).max(max, tooLong);

const description = z
	.string()
	.trim()
	.max(1000, 'Description must be 1,000 characters or fewer')
	.optional()
	.transform((v) => v ?? '');

const collectionName = requiredText('Enter a name for the collection', 100, 'Name must be 100 characters or fewer');

/** A blank slug is made from the name, so the form works the same with and without JavaScript. */
function slugFromName(raw: unknown): unknown {
	if (!raw || typeof raw !== 'object') return raw;
	const fields = raw as Record<string, unknown>;
	if (typeof fields.slug === 'string' && fields.slug.trim()) return raw;
	return { ...fields, slug: slugify(typeof fields.name === 'string' ? fields.name : '') };
}

export const createCollectionSchema = z.preprocess(
	slugFromName,
	z.object({
		name: collectionName,
		slug: z
			.string({ error: 'Enter a slug' })
			.trim()
			.min(1, 'Enter a slug')
			.min(2, 'Slug must be 2 characters or more')
			.max(60, 'Slug must be 60 characters or fewer')
			.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Slug can only contain lower-case letters, numbers and single hyphens'),
		description
	})
);

export const updateCollectionSchema = z.object({ name: collectionName, description });

export const documentStatusSchema = z.object({
	status: z.enum(DOCUMENT_STATUSES, { error: 'Choose published, archived or draft' })
});

function isRealDate(year: number, month: number, day: number): boolean {
	const d = new Date(Date.UTC(year, month - 1, day));
	return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** NHS date input (day, month, year) → 'YYYY-MM-DD', or null when all three are blank. */
export const reviewByPartsSchema = z
	.object({ day: z.string().trim(), month: z.string().trim(), year: z.string().trim() })
	.transform((parts, ctx): string | null => {
		const { day, month, year } = parts;
		if (!day && !month && !year) return null;
		const missing = (['day', 'month', 'year'] as const).filter((k) => !parts[k]);
		if (missing.length) {
			ctx.addIssue({ code: 'custom', message: `Review-by date must include a ${missing.join(' and a ')}` });
			return z.NEVER;
		}
		if (![day, month, year].every((v) => /^\d+$/.test(v))) {
			ctx.addIssue({ code: 'custom', message: 'Review-by date must be a real date, for example 21 11 2026' });
			return z.NEVER;
		}
		if (year.length !== 4) {
			ctx.addIssue({ code: 'custom', message: 'Year must include 4 numbers' });
			return z.NEVER;
		}
		const [d, m, y] = [Number(day), Number(month), Number(year)];
		if (!isRealDate(y, m, d)) {
			ctx.addIssue({ code: 'custom', message: 'Review-by date must be a real date, for example 21 11 2026' });
			return z.NEVER;
		}
		return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
	});

/**
 * A document's source web address, shown to every member as a link: only http(s) addresses, so a
 * `javascript:` or `data:` link can never reach them. Used by the edit form and by ingestion (front matter).
 */
export const sourceUrlSchema = z
	.string()
	.trim()
	.max(2000, 'Source web address must be 2,000 characters or fewer')
	.optional()
	.transform((v) => v || null)
	.refine(
		(v) => {
			if (v === null) return true;
			try {
				return ['http:', 'https:'].includes(new URL(v).protocol);
			} catch {
				return false;
			}
		},
		{ message: 'Enter a source web address starting with https:// or http://, like https://www.england.nhs.uk' }
	);

export const documentDetailsSchema = z.object({
	title: requiredText('Enter a title', TITLE_MAX_LENGTH, `Title must be ${TITLE_MAX_LENGTH} characters or fewer`),
	sourceUrl: sourceUrlSchema,
	owner: z
		.string()
		.trim()
		.max(200, 'Owner must be 200 characters or fewer')
		.optional()
		.transform((v) => v ?? ''),
	reviewBy: reviewByPartsSchema
});

/** 'YYYY-MM-DD' → the three boxes of the NHS date input. */
export function dateParts(value: string | null): { day: string; month: string; year: string } {
	const m = value?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
	return m ? { year: m[1], month: String(Number(m[2])), day: String(Number(m[3])) } : { day: '', month: '', year: '' };
}

// ---- Views: what the admin screens are given (dates as ISO strings) ----

export type CollectionView = { id: string; slug: string; name: string; description: string; documentCount: number };

export type DocumentView = {
	id: string;
	title: string;
	collectionSlug: string;
	collectionName: string;
	status: DocumentStatusName;
	currentVersion: number;
	owner: string;
	sourceUrl: string | null;
	/** 'YYYY-MM-DD' */
	reviewBy: string | null;
	reviewOverdue: boolean;
	chunkCount: number;
	updatedAt: string;
};

export type JobFileView = {
	fileName: string;
	status: JobFileStatusName;
	message: string | null;
	documentId: string | null;
};

/** GET /api/admin/jobs/[id], and the job page's first render. */
export type JobStatusResponse = {
	id: string;
	kind: 'upload' | 'reembed';
	status: JobStatusName;
	progress: number;
	total: number;
	error: string | null;
	/** Upload jobs: where the files go, and whether they stay drafts. */
	collection: { slug: string; name: string } | null;
	draft: boolean;
	files: JobFileView[];
};

export type JobSummaryView = {
	id: string;
	kind: 'upload' | 'reembed';
	status: JobStatusName;
	progress: number;
	total: number;
	createdAt: string;
};

export type VersionView = {
	version: number;
	contentHash: string;
	fileName: string;
	fileType: string;
	byteSize: number;
	chunkCount: number;
	createdAt: string;
};

export type ChunkView = { id: string; position: number; heading: string; text: string; tokenCount: number };

export type RetrievalHitView = {
	rank: number;
	score: number;
	chunkId: string;
	documentId: string;
	documentTitle: string;
	heading: string;
	collectionName: string;
	version: number;
	text: string;
	vectorRank: number | null;
	keywordRank: number | null;
};

export type RetrievalModeView = {
	mode: 'hybrid' | 'vector' | 'keyword';
	tookMs: number;
	results: RetrievalHitView[];
};
