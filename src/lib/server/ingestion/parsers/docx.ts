import mammoth from 'mammoth';
import { strFromU8, zipSync } from 'fflate';
import { IngestionError } from '../errors';
import { normaliseWhitespace, type ParsedDocument } from '../types';
import { assertSafeZip, listZipEntries, readZipEntry } from '../zip';
import { decodeEntities } from './inline-text';
import { parseHtml } from './html';

/** Word's built-in Title style is the document title; mammoth's default map leaves it as a paragraph. */
const STYLE_MAP = ["p[style-name='Title'] => h1.docx-title:fresh", "p[style-name='Subtitle'] => p:fresh"];

/**
 * Word .docx: the ZIP is checked for bomb-like sizes from its central directory before anything is
 * decompressed, then only the XML parts are inflated (each capped at its declared size) and repacked
 * uncompressed for mammoth, so mammoth never inflates untrusted data itself. Mammoth's HTML is then read
 * by the HTML parser, which gives headings, lists and table rows the same treatment as web pages.
 */
export async function parseDocx(bytes: Uint8Array, fileName: string): Promise<ParsedDocument> {
	const entries = listZipEntries(bytes, fileName);
	assertSafeZip(entries, fileName);
	if (entries.some((e) => e.encrypted)) throw new IngestionError('encrypted', fileName);

	// Images and embedded files are not text; leaving them compressed saves time and memory.
	const parts: Record<string, Uint8Array> = {};
	for (const entry of entries) {
		if (/\.(xml|rels)$/i.test(entry.name)) parts[entry.name] = readZipEntry(bytes, entry, fileName);
	}
	if (!parts['word/document.xml']) throw new IngestionError('corrupt', fileName);

	let html: string;
	try {
		const result = await mammoth.convertToHtml(
			{ buffer: Buffer.from(zipSync(parts, { level: 0 })) },
			{
				styleMap: STYLE_MAP,
				// Never read image data: we only want text, and image bytes were not unpacked.
				convertImage: mammoth.images.imgElement(async () => ({ src: '' }))
			}
		);
		html = result.value;
	} catch (error) {
		throw new IngestionError(
			'corrupt',
			fileName,
			'this Word document is damaged and cannot be read. Open it in Word, save a new copy, and upload that.',
			{ cause: error }
		);
	}
	const parsed = parseHtml(nestUnderTitle(html));
	return { title: parsed.title ?? coreTitle(parts['docProps/core.xml']), blocks: parsed.blocks };
}

/**
 * A document using Word's Title style has its Heading 1 sections under the title, so headings move down a
 * level and the title becomes the only h1: heading paths then read ["Title", "Heading 1", ...].
 * Regular expressions are safe here because mammoth escapes all text it writes.
 */
function nestUnderTitle(html: string): string {
	if (!html.includes('<h1 class="docx-title">')) return html;
	return html
		.replace(
			/<(\/?)h([1-6])(?=[\s>])/g,
			(_, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + 1)}`
		)
		.replace(/<h2 class="docx-title">([\s\S]*?)<\/h2>/g, '<h1>$1</h1>');
}

/** The title from File > Info > Properties, used when the document has no Title or Heading 1. */
function coreTitle(core: Uint8Array | undefined): string | null {
	if (!core) return null;
	const match = /<dc:title>([\s\S]*?)<\/dc:title>/.exec(strFromU8(core));
	return match ? normaliseWhitespace(decodeEntities(match[1])) || null : null;
}
