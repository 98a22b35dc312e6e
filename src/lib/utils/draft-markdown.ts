/**
 * Drafts are stored as Markdown; the canvas edits a ProseMirror document. These helpers convert
 * between the two and map an editor selection to offsets in the Markdown string (the server's
 * targeted-edit offsets are UTF-16 indices into the Markdown content).
 */
import { getSchema, type AnyExtension, type JSONContent } from '@tiptap/core';
import { MarkdownManager } from '@tiptap/markdown';
import { Node as PMNode, type Schema } from '@tiptap/pm/model';
import { Selection } from '@tiptap/pm/state';
import { Transform } from '@tiptap/pm/transform';
import StarterKit from '@tiptap/starter-kit';

const START = '\uE000';
const END = '\uE001';

/** The editor's extensions: the starter kit without what Markdown drafts cannot hold. */
export function draftExtensions(): AnyExtension[] {
	return [StarterKit.configure({ underline: false, link: { openOnClick: false } })];
}

export type MarkdownCodec = {
	schema: Schema;
	parse: (markdown: string) => PMNode;
	serialize: (doc: PMNode) => string;
};

/**
 * The serializer escapes `&`, `<` and `>` as HTML entities; people type "A&E" and "<5 years" and
 * expect to read them so in the stored Markdown. Put back those that cannot start HTML or a quote.
 */
export function tidyEntities(markdown: string): string {
	return markdown
		.replace(/&amp;(?![a-zA-Z][a-zA-Z0-9]*;|#\d+;|#x[0-9a-fA-F]+;)/g, '&')
		.replace(/&lt;(?=[\s\d=])/g, '<')
		.replace(/(?<!^[ \t]*)&gt;/gm, '>');
}

/** A Markdown parser and serializer for the draft editor's schema (no DOM needed). */
export function createMarkdownCodec(extensions: AnyExtension[] = draftExtensions()): MarkdownCodec {
	const schema = getSchema(extensions);
	const manager = new MarkdownManager({ extensions });
	return {
		schema,
		parse: (markdown) => PMNode.fromJSON(schema, manager.parse(markdown) as JSONContent),
		serialize: (doc) => tidyEntities(manager.serialize(doc.toJSON() as JSONContent))
	};
}

/** A position inside inline content (a selection over the whole document starts between blocks). */
function textPosition(doc: PMNode, pos: number, dir: 1 | -1): number {
	const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
	if ($pos.parent.inlineContent) return $pos.pos;
	const near = Selection.near($pos, dir);
	return dir === 1 ? near.from : near.to;
}

/** Insert a marker character at `pos`, inside the formatting on the side the selection lies. */
function insertMarker(tr: Transform, pos: number, marker: string, side: 'after' | 'before') {
	const $pos = tr.doc.resolve(pos);
	const neighbour = side === 'after' ? $pos.nodeAfter : $pos.nodeBefore;
	const marks = neighbour?.isText ? neighbour.marks : $pos.marks();
	tr.insert(pos, tr.doc.type.schema.text(marker, marks));
}

/**
 * The Markdown offsets `[start, end)` of the editor selection `from..to`, or null when the selection
 * cannot be expressed as one span of the Markdown (the caller then asks for a smaller selection).
 * Works by serialising a copy of the document with marker characters at both ends.
 */
export function selectionToMarkdown(
	codec: MarkdownCodec,
	doc: PMNode,
	from: number,
	to: number
): { start: number; end: number; markdown: string } | null {
	const a = textPosition(doc, Math.min(from, to), 1);
	const b = textPosition(doc, Math.max(from, to), -1);
	if (b <= a) return null;
	const markdown = codec.serialize(doc);
	const tr = new Transform(doc);
	insertMarker(tr, b, END, 'before');
	insertMarker(tr, a, START, 'after');
	const marked = codec.serialize(tr.doc);
	const start = marked.indexOf(START);
	const endMarker = marked.indexOf(END);
	if (start < 0 || endMarker < start) return null;
	const end = endMarker - 1;
	if (marked.replace(START, '').replace(END, '') !== markdown || end <= start) return null;
	return { start, end, markdown };
}

export type TextMap = { text: string; segments: { offset: number; pos: number; length: number }[] };

/** The document's plain text (blocks separated by blank lines) and where each piece sits in it. */
export function documentText(doc: PMNode): TextMap {
	let text = '';
	const segments: TextMap['segments'] = [];
	let lastBlockEnd = -1;
	doc.descendants((node, pos) => {
		if (node.isTextblock) {
			if (lastBlockEnd >= 0) text += '\n\n';
			lastBlockEnd = pos + node.nodeSize;
		}
		if (node.isText && node.text) {
			segments.push({ offset: text.length, pos, length: node.text.length });
			text += node.text;
		}
		return true;
	});
	return { text, segments };
}

/** The editor position of a plain-text offset from `documentText` (null if it falls between blocks). */
export function textOffsetToPos(map: TextMap, offset: number, bias: 'start' | 'end' = 'start'): number | null {
	for (const s of map.segments) {
		const inside =
			bias === 'start'
				? offset >= s.offset && offset < s.offset + s.length
				: offset > s.offset && offset <= s.offset + s.length;
		if (inside) return s.pos + (offset - s.offset);
	}
	return null;
}
