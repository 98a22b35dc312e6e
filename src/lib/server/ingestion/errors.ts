export type IngestionErrorCode =
	'empty' | 'too_large' | 'unsupported_type' | 'encrypted' | 'corrupt' | 'no_text' | 'zip_bomb';

/** What the admin sees when no more specific explanation is given: the problem, then what to do. */
const DEFAULT_DETAIL: Record<IngestionErrorCode, string> = {
	empty: 'the file is empty. Check you chose the right file and upload it again.',
	too_large: 'the file is too large to upload. Split it into smaller documents and upload them separately.',
	unsupported_type:
		'this type of file is not supported. Upload a PDF, Word (.docx), HTML, Markdown or plain text file.',
	encrypted: 'the file is password-protected. Remove the password, save it, and upload it again.',
	corrupt: 'the file is damaged and cannot be read. Open it, save a new copy, and upload that instead.',
	no_text: 'no readable text was found in the file. Check it contains text rather than only images.',
	zip_bomb:
		'the file expands to far more data than a normal document, so it was not opened. Save a new copy in Word and upload that instead.'
};

/**
 * A problem with an uploaded file that the admin can fix. The message is written for people:
 * it names the file, says what is wrong in plain English, and says what to do next.
 */
export class IngestionError extends Error {
	override readonly name = 'IngestionError';
	readonly code: IngestionErrorCode;
	readonly fileName: string;

	constructor(code: IngestionErrorCode, fileName: string, detail?: string, options?: { cause?: unknown }) {
		const shownName = displayName(fileName);
		super(`${shownName}: ${detail ?? DEFAULT_DETAIL[code]}`, options);
		this.code = code;
		this.fileName = shownName;
	}
}

/**
 * Browsers sometimes send a full path (C:\fakepath\x.pdf) and names can carry control characters;
 * show only the base name so messages and logs stay readable.
 */
export function displayName(fileName: string): string {
	const base = fileName.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = base.replace(/[\u0000-\u001F\u007F]/g, '').trim();
	return clean || 'The file';
}
