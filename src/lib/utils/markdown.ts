/**
 * Markdown to safe HTML, in the browser only (DOMPurify needs a DOM). Raw HTML is escaped by marked's
 * renderer, the result is sanitised again, links open safely, and citation markers [n] become buttons
 * when a passage `n` exists.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const CITE = '\u2063cite'; // an invisible separator nobody types, so markers survive Markdown untouched

const marked = new Marked({
	gfm: true,
	breaks: false,
	renderer: {
		// Raw HTML in the answer is shown as text, never parsed.
		html({ text }) {
			return escapeHtml(text);
		}
	}
});

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Links an answer may keep: web and mail addresses, anchors, and paths on this site. `//host` and
 * `/\host` are protocol-relative (browsers read a backslash as a slash, and drop tabs and newlines),
 * so they leave the site and are not same-site paths.
 */
export function isAllowedHref(href: string): boolean {
	const url = href.replace(/[\t\n\r]/g, '').trim();
	return /^(https?:|mailto:|#)/i.test(url) || /^\/(?![/\\])/.test(url);
}

let hooked = false;
function addHooks(): void {
	if (hooked) return;
	hooked = true;
	DOMPurify.addHook('afterSanitizeAttributes', (node) => {
		if (node.tagName === 'A') {
			const href = node.getAttribute('href') ?? '';
			if (!isAllowedHref(href)) node.removeAttribute('href');
			node.setAttribute('rel', 'noopener noreferrer');
			if (node.getAttribute('href')?.match(/^https?:/i)) node.setAttribute('target', '_blank');
		}
	});
}

/** Safe HTML for an answer; `sourceNumbers` are the passages that citation markers may open. */
export function renderMarkdown(text: string, sourceNumbers: Set<number>): string {
	addHooks();
	// Markers are [1] or [1, 3]; each number with a passage becomes a button, others stay as text.
	const marked_ = text.replace(/\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\()/g, (all, list: string) => {
		const numbers = list.split(',').map((n) => Number(n.trim()));
		if (!numbers.some((n) => sourceNumbers.has(n))) return all;
		return numbers.map((n) => (sourceNumbers.has(n) ? `${CITE}${n}${CITE}` : `[${n}]`)).join('');
	});
	const raw = marked.parse(marked_, { async: false });
	const clean = DOMPurify.sanitize(raw, {
		USE_PROFILES: { html: true },
		FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'svg', 'math', 'img'],
		FORBID_ATTR: ['style', 'class', 'id']
	});
	return clean.replace(
		new RegExp(`${CITE}(\\d{1,3})${CITE}`, 'g'),
		(_all, n: string) =>
			`<button type="button" class="app-cite" data-cite="${n}" aria-haspopup="dialog">` +
			`<span class="nhsuk-u-visually-hidden">Source </span>[${n}]</button>`
	);
}
