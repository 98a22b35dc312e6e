import { IngestionError, displayName } from '../ingestion/errors';

/** The HTTP status an attachment problem is answered with. */
export type AttachmentStatus = 413 | 415 | 422;

/** A file that cannot be attached, with a message the person can act on. */
export class AttachmentError extends Error {
	override readonly name = 'AttachmentError';
	constructor(
		readonly status: AttachmentStatus,
		message: string
	) {
		super(message);
	}
}

/** Guidance-upload wording says "upload a PDF, Word…"; attachments accept more, so the list is ours. */
export const ACCEPTED_ATTACHMENTS =
	'Attach a Word (.docx), PDF, text, Markdown, web page (.html), transcript (.vtt or .srt), CSV or Excel (.xlsx) file.';

/** Turns a parser's IngestionError into the status and message for an attachment. */
export function fromIngestionError(e: IngestionError): AttachmentError {
	if (e.code === 'too_large') return new AttachmentError(413, e.message);
	if (e.code === 'unsupported_type') {
		const message = e.message.replace(
			/Upload a PDF, Word \(\.docx\), HTML, Markdown or plain text file\./,
			ACCEPTED_ATTACHMENTS
		);
		return new AttachmentError(415, message);
	}
	return new AttachmentError(422, e.message);
}

export function attachmentError(status: AttachmentStatus, fileName: string, detail: string): AttachmentError {
	return new AttachmentError(status, `${displayName(fileName)}: ${detail}`);
}
