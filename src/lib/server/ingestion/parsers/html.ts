import { HTMLElement, NodeType, parse, type Node } from 'node-html-parser';
import { clampHeadingLevel, normaliseWhitespace, type Block, type ParsedDocument } from '../types';

/** Page furniture and machinery: never part of the guidance itself. */
// <form> is kept: ASP.NET sites wrap the whole page in one.
const DROP = new Set('script style nav aside noscript template head svg iframe button select dialog'.split(' '));
/** Site-wide header/footer are dropped; inside <main> or <article> they often hold the title or a date. */
const CHROME = new Set(['header', 'footer']);
const LEAF_BLOCKS = new Set(['p', 'pre', 'caption']);
const INLINE = new Set(
	(
		'a abbr b bdi bdo cite code data del dfn em font i ins kbd label mark q s samp small span strong sub sup ' +
		'time u var wbr'
	).split(' ')
);

/** Readable content of an HTML page, without navigation, scripts and other page chrome. */
export function parseHtml(source: string): ParsedDocument {
	const root = parse(source, { comment: false });
	const main = root.querySelector('main') ?? root.querySelector('[role=main]');
	const start = main && inlineText(main).trim() ? main : (root.querySelector('body') ?? root);
	const walker = new Walker(Boolean(main && start === main));
	walker.walk(start);
	walker.flush();
	const blocks = walker.blocks;
	const h1 = blocks.find((b) => b.kind === 'heading' && b.level === 1);
	const titleTag = normaliseWhitespace(root.querySelector('title')?.text ?? '');
	// The first <h1> is preferred: <title> usually carries a site-name suffix ("... - NHS England").
	return { title: h1?.text ?? (titleTag || null), blocks };
}

class Walker {
	readonly blocks: Block[] = [];
	private buffer = '';

	constructor(private inContent: boolean) {}

	walk(node: Node): void {
		for (const child of node.childNodes) {
			if (child.nodeType === NodeType.TEXT_NODE) this.buffer += child.text;
			else if (child instanceof HTMLElement) this.element(child);
		}
	}

	flush(): void {
		this.push({ kind: 'paragraph', text: this.buffer });
		this.buffer = '';
	}

	private element(el: HTMLElement): void {
		const tag = el.rawTagName?.toLowerCase() ?? '';
		if (DROP.has(tag) || isHidden(el)) return;
		if (CHROME.has(tag) && !this.inContent) return;
		if (INLINE.has(tag)) return this.walk(el);
		if (tag === 'br') {
			this.buffer += ' ';
			return;
		}
		if (tag === 'img' || tag === 'input') return;
		this.flush();
		if (/^h[1-6]$/.test(tag)) {
			this.push({ kind: 'heading', level: clampHeadingLevel(Number(tag[1])), text: inlineText(el) });
		} else if (LEAF_BLOCKS.has(tag)) {
			this.push({ kind: 'paragraph', text: inlineText(el) });
		} else if (tag === 'li') {
			this.push({ kind: 'list_item', text: inlineText(el, true) });
			for (const list of el.childNodes) if (isList(list)) this.element(list);
		} else if (tag === 'tr') {
			const cells = el.childNodes.filter(
				(c): c is HTMLElement => c instanceof HTMLElement && /^t[dh]$/i.test(c.rawTagName)
			);
			const texts = cells.map((c) => normaliseWhitespace(inlineText(c)));
			if (texts.some(Boolean)) this.push({ kind: 'table_row', text: texts.join(' | ') });
		} else {
			const wasInContent = this.inContent;
			if (tag === 'main' || tag === 'article') this.inContent = true;
			this.walk(el);
			this.flush();
			this.inContent = wasInContent;
		}
	}

	private push(block: Block): void {
		const text = normaliseWhitespace(block.text);
		if (text) this.blocks.push({ ...block, text });
	}
}

function isHidden(el: HTMLElement): boolean {
	return el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
}

function isList(node: Node): node is HTMLElement {
	return node instanceof HTMLElement && /^(ul|ol)$/i.test(node.rawTagName);
}

/** All text inside an element, entities decoded; block children are spaced apart so words don't fuse. */
function inlineText(el: HTMLElement, skipLists = false): string {
	let text = '';
	for (const child of el.childNodes) {
		if (child.nodeType === NodeType.TEXT_NODE) {
			text += child.text;
			continue;
		}
		if (!(child instanceof HTMLElement)) continue;
		const tag = child.rawTagName?.toLowerCase() ?? '';
		if (DROP.has(tag) || isHidden(child) || (skipLists && isList(child))) continue;
		text += INLINE.has(tag) ? inlineText(child) : ` ${inlineText(child)} `;
	}
	return text;
}
