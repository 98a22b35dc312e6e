import { describe, expect, it } from 'vitest';
import { parseHtml } from './html';

describe('parseHtml', () => {
	it('keeps only <main> when the page has one, and takes the title from the first h1', () => {
		const parsed = parseHtml(
			'<html><head><title>Flu - NHS England</title></head><body><header>Site</header><div>Cookie notice</div><main><article><header><h1>Flu &amp; you</h1></header><p>Body&nbsp;text &#8217;s.</p></article></main></body></html>'
		);
		expect(parsed).toEqual({
			title: 'Flu & you',
			blocks: [
				{ kind: 'heading', level: 1, text: 'Flu & you' },
				{ kind: 'paragraph', text: 'Body text ’s.' }
			]
		});
	});

	it('falls back to <title>, and reads loose text, line breaks and nested lists', () => {
		const parsed = parseHtml(
			'<title>Page title</title><body><div>Loose <b>bold</b> text<br>after a break</div><ul><li>One<ul><li>Nested</li></ul></li><li><p>Two</p></li></ul></body>'
		);
		expect(parsed.title).toBe('Page title');
		expect(parsed.blocks).toEqual([
			{ kind: 'paragraph', text: 'Loose bold text after a break' },
			{ kind: 'list_item', text: 'One' },
			{ kind: 'list_item', text: 'Nested' },
			{ kind: 'list_item', text: 'Two' }
		]);
	});

	it('drops scripts, styles, navigation, asides, hidden content and site chrome', () => {
		const parsed = parseHtml(
			'<body><nav>Menu</nav><header>Logo</header><script>var x;</script><style>p{}</style><aside>Related</aside><p hidden>Secret</p><noscript>Enable JS</noscript><template><p>T</p></template><p>Kept.</p><footer>Footer</footer></body>'
		);
		expect(parsed.blocks).toEqual([{ kind: 'paragraph', text: 'Kept.' }]);
	});

	it('writes table rows as cells separated by bars', () => {
		const parsed = parseHtml(
			'<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td><p>x</p><p>y</p></td></tr></tbody></table>'
		);
		expect(parsed.blocks).toEqual([
			{ kind: 'table_row', text: 'A | B' },
			{ kind: 'table_row', text: '1 | x y' }
		]);
	});
});
