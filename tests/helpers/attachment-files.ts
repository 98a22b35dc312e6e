/**
 * Files the attachment tests make (Word via `docx`, Excel via exceljs, PDFs via the fixture PDF
 * writer). No app imports, so the end-to-end tests can use them too.
 */
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { buildPdf } from '../fixtures/ingestion/pdf-writer';

export async function makeDocx(paragraphs: { heading?: boolean; text: string }[]): Promise<Uint8Array> {
	const doc = new Document({
		sections: [
			{
				children: paragraphs.map((p) =>
					p.heading ? new Paragraph({ heading: HeadingLevel.HEADING_1, text: p.text }) : new Paragraph({ text: p.text })
				)
			}
		]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}

export async function makeXlsx(rows: (string | number)[][]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Responses');
	for (const row of rows) sheet.addRow(row);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A one-page PDF with these lines of text (no text at all makes an image-only page). */
export function makePdf(lines: string[], options: { password?: string } = {}): Uint8Array {
	const content = lines.length
		? lines.map((l, i) => `BT /F1 11 Tf 72 ${740 - i * 16} Td (${l.replace(/[()\\]/g, '')}) Tj ET`).join('\n')
		: '0.2 0.4 0.8 rg 72 600 300 120 re f';
	const encryption = options.password ? { userPassword: options.password, ownerPassword: 'owner' } : undefined;
	return new Uint8Array(buildPdf([{ content }], encryption));
}

export const text = (s: string) => new TextEncoder().encode(s);
