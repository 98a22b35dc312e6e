import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { chatToDocx, chatToMarkdown, DISCLOSURE_HEADING, type ExportInput } from './export';

const input: ExportInput = {
	title: 'Winter letter',
	exportedAt: new Date('2026-11-21T07:05:00Z'),
	messages: [
		{
			id: 'u1',
			role: 'user',
			parentId: null,
			content: 'Draft a letter',
			status: 'complete',
			model: null,
			sources: null
		},
		{
			id: 'a1',
			role: 'assistant',
			parentId: 'u1',
			content: 'Dear colleague',
			status: 'complete',
			model: 'm',
			sources: []
		}
	]
};
const statement = 'Drafted with help from an AI tool and checked by our team.';

describe('the AI-use statement in exports', () => {
	it('is added at the end of the Markdown only when asked for', () => {
		expect(chatToMarkdown(input)).not.toContain(DISCLOSURE_HEADING);
		const md = chatToMarkdown({ ...input, disclosure: statement });
		expect(md.endsWith(`## ${DISCLOSURE_HEADING}\n\n${statement}\n`)).toBe(true);
		expect(chatToMarkdown({ ...input, disclosure: '   ' })).not.toContain(DISCLOSURE_HEADING);
	});

	it('is added to the Word document when asked for', async () => {
		const xml = async (d: string | null) =>
			strFromU8(unzipSync(await chatToDocx({ ...input, disclosure: d }))['word/document.xml']);
		expect(await xml(statement)).toContain(statement);
		expect(await xml(null)).not.toContain(statement);
	});
});
