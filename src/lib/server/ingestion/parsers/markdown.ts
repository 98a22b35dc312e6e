import { Lexer, type Token, type Tokens } from 'marked';
import { clampHeadingLevel, normaliseWhitespace, type Block, type ParsedDocument } from '../types';
import { decodeEntities, stripTags } from './inline-text';

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits a leading `---` block off the document, returning its `title:` if it has one. */
export function stripFrontMatter(source: string): { body: string; title: string | null } {
	const text = source.replace(/^\uFEFF/, '');
	const match = FRONT_MATTER.exec(text);
	if (!match) return { body: text, title: null };
	const line = match[1].split(/\r?\n/).find((l) => /^title\s*:/i.test(l));
	const value = line
		? line
				.replace(/^title\s*:\s*/i, '')
				.trim()
				.replace(/^(['"])(.*)\1$/, '$2')
		: '';
	return { body: text.slice(match[0].length), title: normaliseWhitespace(value) || null };
}

/** Markdown via marked's lexer, so we read the same structure a renderer would, without rendering. */
export function parseMarkdown(source: string): ParsedDocument {
	const { body, title: metaTitle } = stripFrontMatter(source);
	const blocks: Block[] = [];
	collectBlocks(new Lexer({ gfm: true }).lex(body), blocks);
	const h1 = blocks.find((b) => b.kind === 'heading' && b.level === 1);
	return { title: metaTitle ?? h1?.text ?? null, blocks };
}

function collectBlocks(tokens: Token[], out: Block[]): void {
	for (const token of tokens) {
		switch (token.type) {
			case 'heading': {
				const t = token as Tokens.Heading;
				push(out, { kind: 'heading', level: clampHeadingLevel(t.depth), text: inlineText(t.tokens) });
				break;
			}
			case 'paragraph':
				push(out, { kind: 'paragraph', text: inlineText((token as Tokens.Paragraph).tokens) });
				break;
			case 'text':
				// Top-level text tokens appear inside tight list items; treat them as paragraphs.
				push(out, { kind: 'paragraph', text: inlineText(token.tokens ?? [token]) });
				break;
			case 'list':
				for (const item of (token as Tokens.List).items) collectListItem(item, out);
				break;
			case 'blockquote':
				collectBlocks((token as Tokens.Blockquote).tokens, out);
				break;
			case 'code':
				push(out, { kind: 'paragraph', text: (token as Tokens.Code).text });
				break;
			case 'table': {
				const t = token as Tokens.Table;
				for (const row of [t.header, ...t.rows]) {
					push(out, { kind: 'table_row', text: row.map((c) => inlineText(c.tokens)).join(' | ') });
				}
				break;
			}
			case 'html':
				push(out, { kind: 'paragraph', text: stripTags((token as Tokens.HTML).text) });
				break;
			default:
				// space, hr, def: no text a reader would quote.
				break;
		}
	}
}

/** A list item's own words become one block; any nested lists follow as their own items. */
function collectListItem(item: Tokens.ListItem, out: Block[]): void {
	const own: string[] = [];
	const nested: Token[] = [];
	for (const child of item.tokens) {
		if (child.type === 'list') nested.push(child);
		else if (child.type === 'text' || child.type === 'paragraph') own.push(inlineText(child.tokens ?? [child]));
		else nested.push(child);
	}
	push(out, { kind: 'list_item', text: own.join(' ') });
	collectBlocks(nested, out);
}

/** Plain words of inline tokens: emphasis and links keep their text, images their alt text. */
function inlineText(tokens: Token[]): string {
	let text = '';
	for (const token of tokens) {
		switch (token.type) {
			case 'text':
				text += 'tokens' in token && token.tokens ? inlineText(token.tokens) : decodeEntities(token.text as string);
				break;
			case 'escape':
			case 'codespan':
				text += (token as Tokens.Escape).text;
				break;
			case 'image':
				text += (token as Tokens.Image).text;
				break;
			case 'br':
				text += ' ';
				break;
			case 'html':
				text += stripTags((token as Tokens.Tag).text);
				break;
			default: {
				// strong, em, del, link and extension tokens: their text is in their children.
				const generic = token as Tokens.Generic;
				if (generic.tokens) text += inlineText(generic.tokens);
				else if (typeof generic.text === 'string') text += generic.text;
			}
		}
	}
	return text;
}

function push(out: Block[], block: Block): void {
	const text = normaliseWhitespace(block.text);
	if (text) out.push({ ...block, text });
}
