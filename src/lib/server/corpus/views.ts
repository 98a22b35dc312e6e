/**
 * Database rows of the guidance library → the plain views the admin screens are given
 * (types from $lib/schemas/corpus; dates as ISO strings).
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { DocumentView, JobFileView, JobStatusResponse, JobSummaryView, VersionView } from '$lib/schemas/corpus';
import { isPastDate } from '$lib/utils/dates';
import { getConfig } from '../config';
import { findCollectionById, findDocument, type DocumentRow } from '../db/queries/corpus';
import { findJob, listJobFiles, type JobFileSummary } from '../db/queries/jobs';
import type { DocumentVersion, Job } from '../db/schema';
import { REEMBED_JOB } from '../ingestion/jobs';

export function toDocumentView(row: DocumentRow, now = new Date()): DocumentView {
	return {
		id: row.id,
		title: row.title,
		collectionSlug: row.collectionSlug,
		collectionName: row.collectionName,
		status: row.status,
		currentVersion: row.currentVersion,
		owner: row.owner,
		sourceUrl: row.sourceUrl,
		reviewBy: row.reviewBy,
		reviewOverdue: isPastDate(row.reviewBy, now),
		chunkCount: Number(row.chunkCount),
		updatedAt: row.updatedAt.toISOString()
	};
}

export function toVersionView(v: DocumentVersion): VersionView {
	return {
		version: v.version,
		contentHash: v.contentHash,
		fileName: v.fileName,
		fileType: v.fileType,
		byteSize: v.byteSize,
		chunkCount: v.chunkCount,
		createdAt: v.createdAt.toISOString()
	};
}

const jobKind = (job: Job) => (job.kind === REEMBED_JOB ? ('reembed' as const) : ('upload' as const));

export function toJobSummary(job: Job): JobSummaryView {
	return {
		id: job.id,
		kind: jobKind(job),
		status: job.status,
		progress: job.progress,
		total: job.total,
		createdAt: job.createdAt.toISOString()
	};
}

function toJobFileView(f: JobFileSummary): JobFileView {
	return { fileName: f.fileName, status: f.status, message: f.message, documentId: f.documentId };
}

const uuid = z.uuid();

/** A job and its files as the job page and its polling endpoint show them; undefined when there is no such job. */
export async function jobStatus(id: string): Promise<JobStatusResponse | undefined> {
	if (!uuid.safeParse(id).success) return undefined;
	const job = await findJob(id);
	if (!job) return undefined;
	const upload = jobKind(job) === 'upload';
	const payload = job.payload as { collectionId?: string; draft?: boolean };
	const files = upload ? await listJobFiles(job.id) : [];
	const collection = upload && payload.collectionId ? await findCollectionById(payload.collectionId) : undefined;
	return {
		id: job.id,
		kind: jobKind(job),
		status: job.status,
		progress: job.progress,
		total: job.total,
		error: job.error,
		collection: collection ? { slug: collection.slug, name: collection.name } : null,
		draft: upload && payload.draft === true,
		files: files.map(toJobFileView)
	};
}

/** The document with this id, or a 404 (also for ids that are not UUIDs). */
export async function documentOr404(event: Pick<RequestEvent, 'locals'>, id: string): Promise<DocumentRow> {
	const doc = uuid.safeParse(id).success ? await findDocument(id) : undefined;
	if (!doc) error(404, { message: 'Document not found', errorId: event.locals.requestId });
	return doc;
}

/** The per-file upload limit in words, like "20 MB". */
export function uploadLimitWords(): string {
	const mb = getConfig().corpus.maxUploadBytes / (1024 * 1024);
	return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
