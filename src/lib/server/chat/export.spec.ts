import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { StoredSource } from '$lib/schemas/chat';
import { AI_NOTE, chatToDocx, chatToMarkdown, citationLine, exportFilename, type ExportMessage } from './export';

const source: StoredSource = {
	n: 2,
	chunkId: 'c1',
	documentId: 'd1',
	documentTitle: 'NHS style guide',
	heading: 'Times',
	collection: 'style',
	text: 'Write midday.',
	url: 'https://example.nhs.uk/style',
	version: 3
};

function msg(m: Partial<ExportMessage> & Pick<ExportMessage, 'id' | 'role' | 'content'>): ExportMessage {
	return { parentId: null, status: 'complete', model: null, sources: null, ...m };
}

const messages: ExportMessage[] = [
	msg({ id: 'q1', role: 'user', content: 'When is lunch?' }),
	msg({ id: 'a1', role: 'assistant', parentId: 'q1', content: 'Old answer.', model: 'm1' }),
	msg({
		id: 'a2',
		role: 'assistant',
		parentId: 'q1',
		content: '## Timing\n\n- Say **midday** [2]\n- Not 12pm',
		model: 'stub-model',
		sources: [source]
	})
];
const exportedAt = new Date('2026-11-21T07:05:00Z');

describe('exportFilename', () => {
	it('keeps safe characters only and falls back when nothing is left', () => {
		expect(exportFilename('Winter flu: "jab" post / v2', 'md')).toBe('Winter-flu-jab-post-v2.md');
		expect(exportFilename('Café ../../etc', 'docx')).toBe('Cafe-etc.docx');
		expect(exportFilename('', 'md')).toBe('chat.md');
		expect(exportFilename('“”', 'docx')).toBe('chat.docx');
		expect(exportFilename('a'.repeat(300), 'md')).toBe(`${'a'.repeat(80)}.md`);
	});
});

describe('citationLine', () => {
	it('names the document, heading, version and address', () => {
		expect(citationLine(source)).toBe('[2] NHS style guide — Times, version 3, https://example.nhs.uk/style');
		expect(citationLine({ ...source, heading: '', url: null })).toBe('[2] NHS style guide, version 3');
	});
});

describe('chatToMarkdown', () => {
	it('has the title, date, note, roles, model, the latest answer only and its citations', () => {
		const md = chatToMarkdown({ title: 'Lunch post', messages, exportedAt });
		expect(md).toContain('# Lunch post\n');
		expect(md).toContain('Exported 21 November 2026, 07:05 UTC');
		expect(md).toContain(AI_NOTE);
		expect(md).toContain('## You\n\nWhen is lunch?');
		expect(md).toContain('## NHS Comms Assist (AI draft)\n\n*Model: stub-model*');
		expect(md).toContain('- Say **midday** [2]');
		expect(md).toContain('- [2] NHS style guide — Times, version 3, https://example.nhs.uk/style');
		expect(md).not.toContain('Old answer.');
	});

	it('names an untitled chat and says when an answer did not finish', () => {
		const md = chatToMarkdown({
			title: '',
			messages: [messages[0], msg({ id: 'a9', role: 'assistant', parentId: 'q1', content: 'Half', status: 'stopped' })],
			exportedAt
		});
		expect(md).toContain('# Untitled chat');
		expect(md).toContain('*This answer was stopped before it finished.*');
	});
});

describe('chatToDocx', () => {
	it('is a Word document with the title, note, formatted answer and citations', async () => {
		const bytes = await chatToDocx({ title: 'Lunch post', messages, exportedAt });
		const files = unzipSync(bytes);
		const xml = strFromU8(files['word/document.xml']);
		expect(xml).toContain('Lunch post');
		expect(xml).toContain(AI_NOTE);
		expect(xml).toContain('NHS Comms Assist (AI draft)');
		expect(xml).toContain('[2] NHS style guide — Times, version 3, https://example.nhs.uk/style');
		expect(xml).toContain('Timing');
		expect(xml).toMatch(/<w:b\/>.*?midday/s);
		expect(xml).not.toContain('Old answer.');
		expect(xml).not.toContain('**');
	});
});
