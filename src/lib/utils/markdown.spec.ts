import { describe, expect, it } from 'vitest';
import { isAllowedHref } from './markdown';

describe('links an answer may keep', () => {
	it.each([
		'https://www.nhs.uk/conditions/flu/',
		'HTTP://example.nhs.uk',
		'mailto:comms@nhs.net',
		'#sources',
		'/chats',
		'/guidance/press-releases?page=2',
		'  /prompts  '
	])('keeps %s', (href) => {
		expect(isAllowedHref(href)).toBe(true);
	});

	it.each([
		['protocol-relative', '//evil.example'],
		['protocol-relative with a path', '//evil.example/sign-in'],
		['a backslash, which browsers read as a slash', '/\\evil.example'],
		['a tab browsers drop', '/\t/evil.example'],
		['a newline browsers drop', '/\n/evil.example'],
		['script', 'javascript:alert(1)'],
		['data', 'data:text/html,<script>alert(1)</script>'],
		['a relative path', 'chats/1'],
		['empty', '']
	])('drops %s', (_what, href) => {
		expect(isAllowedHref(href)).toBe(false);
	});
});
