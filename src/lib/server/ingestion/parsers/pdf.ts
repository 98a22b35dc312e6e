import { getDocumentProxy } from 'unpdf';
import { IngestionError } from '../errors';
import type { ParsedDocument } from '../types';
import { layoutPages, type PdfLine } from './pdf-layout';

const ENCRYPTED =
	'this PDF is password-protected. Open it, save a copy without the password (or print it to a new PDF), and upload that.';
const CORRUPT =
	'this PDF is damaged or incomplete (it may not have finished downloading). Open it, save a new copy, and upload that.';

/** Text of every page via pdf.js, regrouped into headings and paragraphs by pdf-layout. */
export async function parsePdf(bytes: Uint8Array, fileName: string): Promise<ParsedDocument> {
	let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
	try {
		// pdf.js takes ownership of (detaches) the buffer it is given, so give it a copy.
		pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false });
	} catch (error) {
		throw toIngestionError(error, fileName);
	}
	try {
		const pages: PdfLine[][] = [];
		for (let n = 1; n <= pdf.numPages; n++) pages.push(await pageLines(pdf, n));
		const blocks = layoutPages(pages);
		const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
		const firstHeading = blocks.find((b) => b.kind === 'heading');
		return { title: firstHeading?.text ?? usableMetadataTitle(info?.Title), blocks };
	} catch (error) {
		throw toIngestionError(error, fileName);
	} finally {
		await pdf.destroy();
	}
}

async function pageLines(pdf: Awaited<ReturnType<typeof getDocumentProxy>>, pageNumber: number): Promise<PdfLine[]> {
	const page = await pdf.getPage(pageNumber);
	const content = await page.getTextContent();
	const lines: PdfLine[] = [];
	let current: PdfLine | null = null;
	let endOfLine = true;
	for (const item of content.items) {
		if (!('str' in item)) continue;
		const [, , c, d, , y] = item.transform as number[];
		const fontSize = Math.hypot(c, d);
		if (item.str !== '') {
			// pdf.js marks line ends with hasEOL; a jump in baseline also means a new line.
			const sameLine = current && !endOfLine && Math.abs(current.y - y) < Math.max(fontSize, 1) * 0.5;
			if (current && sameLine) {
				current.text += item.str;
				current.fontSize = Math.max(current.fontSize, fontSize);
			} else {
				current = { text: item.str, y, fontSize };
				lines.push(current);
			}
		}
		endOfLine = item.hasEOL;
	}
	page.cleanup();
	return lines;
}

/** Word and other tools often leave titles like "Microsoft Word - draft3.docx", which help nobody. */
function usableMetadataTitle(title: unknown): string | null {
	if (typeof title !== 'string') return null;
	const clean = title.trim();
	if (!clean || /^microsoft (word|powerpoint)\b|\.(docx?|pdf|pptx?)$|^untitled/i.test(clean)) return null;
	return clean;
}

function toIngestionError(error: unknown, fileName: string): IngestionError {
	if (error instanceof IngestionError) return error;
	const name = (error as { name?: unknown } | null)?.name;
	if (name === 'PasswordException') return new IngestionError('encrypted', fileName, ENCRYPTED, { cause: error });
	return new IngestionError('corrupt', fileName, CORRUPT, { cause: error });
}
