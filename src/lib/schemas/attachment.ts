/**
 * Attachments: a person's own files in a chat. Shared by the server and the browser (no server imports).
 */
export const ATTACHMENT_KINDS = ['document', 'transcript', 'table'] as const;
export type AttachmentKindName = (typeof ATTACHMENT_KINDS)[number];

/** The extensions the file picker offers (the server decides the type from the content). */
export const ATTACHMENT_ACCEPT = '.docx,.pdf,.txt,.md,.markdown,.html,.htm,.vtt,.srt,.csv,.tsv,.xlsx';

/** Words for the formats, for hints and messages. */
export const ATTACHMENT_FORMAT_WORDS =
	'Word (.docx), PDF, text, Markdown, web page, transcript (.vtt, .srt), CSV or Excel (.xlsx)';

/** Most attachments one message may use. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

/** A piece of personal data found in a file, shown with a little of the text around it. */
export type PersonalDataExample = { kind: string; before: string; match: string; after: string };

export type AttachmentPersonalData = {
	total: number;
	kinds: Record<string, number>;
	/** The first findings in context (returned when the file is attached or redacted, never stored). */
	examples?: PersonalDataExample[];
};

/** What POST /api/chats/{id}/attachments answers. */
export type AttachmentView = {
	id: string;
	fileName: string;
	kind: AttachmentKindName;
	chars: number;
	/** Size of the file as attached (the file itself is not kept). */
	bytes: number;
	personalData: AttachmentPersonalData;
	redacted: boolean;
	createdAt: string;
	/** Tables only: the header row's column names and the number of data rows. */
	columns?: string[];
	rows?: number;
	/** Tables only: the column most likely to hold free-text answers. */
	textColumn?: string | null;
};

/** One entry of GET /api/chats/{id}/attachments. */
export type AttachmentListItem = {
	id: string;
	fileName: string;
	kind: AttachmentKindName;
	chars: number;
	bytes: number;
	createdAt: string;
	personalData: AttachmentPersonalData;
	redacted: boolean;
	/** Tables only: the header row's column names and the number of data rows. */
	columns?: string[];
	rows?: number;
	textColumn?: string | null;
};
