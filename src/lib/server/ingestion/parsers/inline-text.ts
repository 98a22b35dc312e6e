import { parse } from 'node-html-parser';

/** Decodes HTML character references (&amp;, &#8217;, &nbsp;) using the HTML parser's own decoder. */
export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return parse(`<p>${text.replace(/</g, '&lt;')}</p>`).text;
}

/** Removes tags from a fragment of inline HTML, keeping the text between them. */
export function stripTags(html: string): string {
	return parse(html).text;
}
