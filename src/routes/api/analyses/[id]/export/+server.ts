import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { ANALYSIS_EXPORT_FORMATS, type AnalysisExportFormat } from '$lib/schemas/analysis';
import { ANALYSIS_CONTENT_TYPES, analysisCsv, analysisFilename, analysisXlsx } from '$lib/server/analysis/export';
import { requireComplete, requireOwnAnalysis } from '$lib/server/analysis/http';
import { analysisDocx } from '$lib/server/analysis/report';
import { analysisView } from '$lib/server/analysis/view';
import type { AnalysisRow } from '$lib/server/db/queries/analyses';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

const formatSchema = z.enum(ANALYSIS_EXPORT_FORMATS, {
	error: `format must be one of: ${ANALYSIS_EXPORT_FORMATS.join(', ')}`
});

async function body(analysis: AnalysisRow, format: AnalysisExportFormat): Promise<BodyInit> {
	if (format === 'csv') return analysisCsv(analysis.id);
	const view = await analysisView(analysis);
	if (format === 'xlsx') return analysisXlsx(analysis.id, view.themes, view.responses) as Promise<BodyInit>;
	return analysisDocx(view) as Promise<BodyInit>;
}

/** Downloads the results: `csv` or `xlsx` (one row per response) or `docx` (a report with a chart). */
export const GET: RequestHandler = async (event) => {
	const { analysis } = await requireOwnAnalysis(event);
	const errorId = event.locals.requestId;
	const format = formatSchema.safeParse(event.url.searchParams.get('format') ?? '');
	if (!format.success) error(400, { message: format.error.issues[0].message, errorId });
	await requireComplete(analysis, errorId, 'download it');
	const filename = analysisFilename(analysis, format.data);
	const content = await body(analysis, format.data);
	await audit(event, 'analysis.exported', {
		targetType: 'analysis',
		targetId: analysis.id,
		details: { chatId: analysis.chatId, format: format.data }
	});
	return new Response(content, {
		headers: {
			'content-type': ANALYSIS_CONTENT_TYPES[format.data],
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
};
