import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	deleteDocument,
	findDocument,
	listDocumentVersions,
	listDocuments,
	listVersionChunks,
	setDocumentStatus
} from '$lib/server/db/queries/corpus';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { ensureCollection } from '$lib/server/ingestion/collections';
import { ingestFile, type IngestRequest, type IngestResult } from '$lib/server/ingestion/pipeline';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import type { Embedder } from '$lib/server/llm/embeddings';
import { invalidateKeywordStats } from '$lib/server/retrieval/keywords';
import { searchGuidance, searchModes } from '$lib/server/retrieval/search';
import {
	corpusRowCounts,
	failChunkWritesContaining,
	fakeEmbedder,
	fixture,
	textFile,
	type FakeEmbedder
} from '../helpers/corpus';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let embedder: FakeEmbedder;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	embedder = fakeEmbedder();
	useEmbedder(embedder);
});

afterAll(async () => {
	await testDb?.teardown();
});

async function collectionId(slug: string): Promise<string> {
	return (await ensureCollection(slug)).id;
}

async function ingest(req: Omit<IngestRequest, 'actorId'> & { actorId?: string | null }): Promise<IngestResult> {
	return ingestFile({ actorId: null, ...req });
}

function expectOk(result: IngestResult): Extract<IngestResult, { ok: true }> {
	if (!result.ok) throw new Error(`Expected ingestion to succeed: ${result.message}`);
	return result;
}

/** Document ids among the results of a search in every mode. */
async function foundIn(query: string, documentId: string): Promise<Record<string, boolean>> {
	const out: Record<string, boolean> = {};
	for (const mode of searchModes) {
		const { results } = await searchGuidance({ query, mode, k: 20 });
		out[mode] = results.some((r) => r.documentId === documentId);
	}
	return out;
}

const everywhere = { hybrid: true, vector: true, keyword: true };
const nowhere = { hybrid: false, vector: false, keyword: false };

describe('search right after an ingest', () => {
	it('weighs words by how rare they are in the library as it is now, not as it was', async () => {
		const query = 'hospital clinic ward zoster';
		// Keyword search caches word statistics; this reads them while the library is still empty,
		// so the ranking below is only right if ingesting refreshed them.
		expect((await searchGuidance({ query, mode: 'keyword' })).results).toEqual([]);
		const sections = Array.from(
			{ length: 14 },
			(_, i) => `## Team ${i + 1}\n\nThe hospital clinic ward team number ${i + 1} meets weekly.`
		);
		expectOk(
			await ingest({
				bytes: textFile(`# Teams\n\n${sections.join('\n\n')}\n\n## Shingles\n\nThe zoster vaccine is offered at 65.\n`),
				fileName: 'teams.md',
				collectionId: await collectionId('rarity')
			})
		);

		const { results } = await searchGuidance({ query, mode: 'keyword' });

		// One rare, telling word beats three words that every passage has.
		expect(results[0].heading).toBe('Teams › Shingles');
		expect(results[0].text).toContain('zoster vaccine');
	});
});

describe('ingesting each supported file type', () => {
	const cases = [
		{
			file: 'inclusive-language.md',
			title: 'Inclusive language guide',
			headings: [
				'Inclusive language',
				'Inclusive language › Age',
				'Inclusive language › Disability',
				'Inclusive language › Disability › Mental health'
			],
			contains: 'Say "older people" rather than "the elderly".'
		},
		{
			file: 'noisy-page.html',
			title: 'Flu vaccine messages',
			headings: [
				'Flu vaccine messages',
				'Flu vaccine messages › Core message',
				'Flu vaccine messages › Where to get it'
			],
			contains: 'Flu can be serious.'
		},
		{
			file: 'guidance.pdf',
			title: 'Talking about vaccination',
			headings: ['Talking about vaccination', 'Consent'],
			// The line break inside "every-day" is joined again.
			contains: 'short sentences and everyday words help everyone'
		},
		{
			file: 'guidance.docx',
			title: 'Writing for social media',
			headings: [
				'Writing for social media',
				'Writing for social media › Tone of voice',
				'Writing for social media › Posting times'
			],
			contains: 'Avoid jargon & acronyms unless you explain them'
		},
		{
			file: 'winter-messages.txt',
			title: 'Winter health messages',
			headings: ['Winter health messages', 'Winter health messages › Where to get help'],
			contains: 'Call 999 in an emergency.'
		}
	];

	it.each(cases)('$file becomes a published document titled $title', async ({ file, title, headings, contains }) => {
		const collection = await collectionId(`type-${file.replace(/\W/g, '-')}`);

		const result = expectOk(await ingest({ bytes: fixture(file), fileName: file, collectionId: collection }));

		expect(result).toMatchObject({
			fileName: file,
			title,
			version: 1,
			outcome: 'created',
			chunkCount: headings.length
		});
		expect(result.message).toBe(`${file}: added as "${title}" with ${headings.length} passages.`);
		const chunks = await listVersionChunks(result.documentId, 1);
		expect(chunks.map((c) => c.heading)).toEqual(headings);
		expect(chunks.map((c) => c.position)).toEqual(headings.map((_, i) => i));
		expect(chunks.some((c) => c.text.includes(contains))).toBe(true);
		for (const c of chunks) {
			expect(c.tokenCount).toBeGreaterThan(0);
			expect(c.embeddingModel).toBe(embedder.id);
		}
		const [doc] = await listDocuments({ collectionId: collection });
		expect(doc).toMatchObject({ id: result.documentId, title, status: 'published', currentVersion: 1 });
		expect(doc.chunkCount).toBe(headings.length);
	});

	it('keeps only the main content of a web page, without navigation, scripts, cookie banners or footers', async () => {
		const [doc] = await listDocuments({ collectionId: await collectionId('type-noisy-page-html') });
		const text = (await listVersionChunks(doc.id, 1)).map((c) => c.text).join('\n');

		expect(text).toContain('Book online at NHS.UK');
		expect(text).not.toMatch(/cookies|dataLayer|trackPageView|enable JavaScript|Breadcrumb|© NHS England/);
	});

	it('takes owner and review date from Markdown front matter, and the source URL from the request', async () => {
		const collection = await collectionId('front-matter');
		const result = expectOk(
			await ingest({
				bytes: textFile(
					'---\ntitle: Consent and photos\nowner: Brand team\nreview_by: 2027-03-31\n---\n\n# Photos\n\nAsk before you take a photo.\n'
				),
				fileName: 'photos.md',
				collectionId: collection,
				sourceUrl: 'https://www.england.nhs.uk/nhsidentity/'
			})
		);

		expect(await findDocument(result.documentId)).toMatchObject({
			title: 'Consent and photos',
			owner: 'Brand team',
			reviewBy: '2027-03-31',
			sourceUrl: 'https://www.england.nhs.uk/nhsidentity/',
			slug: 'photos',
			collectionSlug: 'front-matter'
		});
	});
});

describe('the source web address from front matter', () => {
	// The address is shown to every member as a link, so only http(s) addresses may be stored.
	const bad = [
		'javascript:alert(document.cookie)',
		'data:text/html,<script>alert(1)</script>',
		'//evil.example/phish',
		'www.england.nhs.uk',
		'ftp://files.example/guide.pdf'
	];
	it.each(bad)('leaves out %s with a warning, and still adds the file', async (url) => {
		const collection = await collectionId('front-matter-urls');
		const unique = Math.random().toString(36).slice(2);
		const result = expectOk(
			await ingest({
				bytes: textFile(`---\ntitle: Leaflets ${unique}\nsource_url: ${url}\n---\n\n# Leaflets\n\nOrder ${unique}.\n`),
				fileName: `leaflets-${unique}.md`,
				collectionId: collection
			})
		);
		expect(result.outcome).toBe('created');
		expect(result.warnings).toEqual([expect.stringMatching(/source web address was left out.*https:\/\//)]);
		// The job's file result keeps only the message, so the warning is there too.
		expect(result.message).toContain(`added as "Leaflets ${unique}"`);
		expect(result.message).toContain(result.warnings[0]);
		expect(await findDocument(result.documentId)).toMatchObject({ title: `Leaflets ${unique}`, sourceUrl: null });
	});

	it('keeps an http(s) address (either key) without a warning', async () => {
		const collection = await collectionId('front-matter-urls');
		const result = expectOk(
			await ingest({
				bytes: textFile('---\nsource: "https://www.nhs.uk/conditions/flu/"\n---\n\n# Flu\n\nGet the flu vaccine.\n'),
				fileName: 'flu-source.md',
				collectionId: collection
			})
		);
		expect(result.warnings).toEqual([]);
		expect(result.message).not.toMatch(/left out/);
		expect(await findDocument(result.documentId)).toMatchObject({ sourceUrl: 'https://www.nhs.uk/conditions/flu/' });
	});
});

describe('refusing broken files', () => {
	const broken = [
		{ file: 'truncated.pdf', code: 'corrupt' },
		{ file: 'encrypted.pdf', code: 'encrypted' },
		{ file: 'no-text.pdf', code: 'no_text' },
		{ file: 'bomb.docx', code: 'zip_bomb' },
		{ file: 'truncated.docx', code: 'corrupt' },
		{ file: 'plain-zip.docx', code: 'unsupported_type' },
		{ file: 'legacy.doc', code: 'unsupported_type' },
		{ file: 'empty.txt', code: 'empty' },
		{ file: 'image.md', code: 'unsupported_type' }
	];

	it.each(broken)(
		'$file is refused ($code) with its name in the message, and nothing is saved',
		async ({ file, code }) => {
			const collection = await collectionId('broken');
			const before = await corpusRowCounts(testDb.handle);

			const result = await ingest({ bytes: fixture(file), fileName: file, collectionId: collection });

			expect(result).toMatchObject({ ok: false, fileName: file, code });
			if (result.ok) return;
			expect(result.message.startsWith(`${file}: `)).toBe(true);
			expect(result.message.length).toBeGreaterThan(file.length + 30);
			expect(await corpusRowCounts(testDb.handle)).toEqual(before);
			expect(await listDocuments({ collectionId: collection })).toEqual([]);
		}
	);

	it('names only the file, not the path a browser sends', async () => {
		const result = await ingest({
			bytes: fixture('truncated.pdf'),
			fileName: 'C:\\fakepath\\truncated.pdf',
			collectionId: await collectionId('broken')
		});

		expect(result).toMatchObject({ ok: false, fileName: 'truncated.pdf' });
		expect(result.message).toMatch(/^truncated\.pdf: /);
	});
});

describe('a failure part-way through an ingest', () => {
	const bytes = textFile('# Hand washing\n\nWash your hands for 20 seconds.\n\n## Soap\n\nUse soap and warm water.\n');

	async function expectNothingSaved(failing: Embedder, message?: RegExp) {
		const collection = await collectionId('half-written');
		const before = await corpusRowCounts(testDb.handle);
		useEmbedder(failing);
		try {
			await expect(ingest({ bytes, fileName: 'hands.md', collectionId: collection })).rejects.toThrow(message);
		} finally {
			useEmbedder(embedder);
		}
		expect(await corpusRowCounts(testDb.handle)).toEqual(before);
		expect(await listDocuments({ collectionId: collection })).toEqual([]);
	}

	it('leaves nothing behind when the embedding service fails', async () => {
		const failing = fakeEmbedder();
		failing.embedDocuments = async () => {
			throw new Error('embedding service unavailable');
		};
		await expectNothingSaved(failing, /embedding service unavailable/);
	});

	it('leaves nothing behind when the model returns vectors too long to store', async () => {
		const tooLong = fakeEmbedder();
		tooLong.embedDocuments = async (texts) => texts.map(() => new Array<number>(2000).fill(0.5));
		await expectNothingSaved(tooLong, /2000 dimensions/);
	});

	it('leaves nothing behind when the model returns fewer vectors than passages', async () => {
		const short = fakeEmbedder();
		short.embedDocuments = async (texts) => texts.slice(1).map(() => [1, 0, 0]);
		await expectNothingSaved(short);
	});

	it('rolls back the document and version rows when writing a passage fails', async () => {
		const collection = await collectionId('half-written');
		const before = await corpusRowCounts(testDb.handle);
		const removeFault = await failChunkWritesContaining(testDb.handle, 'POISON-PILL');
		try {
			await expect(
				ingest({
					bytes: textFile('# Fire safety\n\nKeep exits clear.\n\n## Alarms\n\nTest alarms weekly. POISON-PILL\n'),
					fileName: 'fire.md',
					collectionId: collection
				})
			).rejects.toThrow();
		} finally {
			await removeFault();
		}

		expect(await corpusRowCounts(testDb.handle)).toEqual(before);
		expect(await listDocuments({ collectionId: collection })).toEqual([]);
	});

	it('keeps the previous version current and searchable when writing a new version fails', async () => {
		const collection = await collectionId('half-written-version');
		const v1 = expectOk(
			await ingest({
				bytes: textFile('# Parking\n\nStaff parking is behind the pharmacy building.\n'),
				fileName: 'parking.md',
				collectionId: collection
			})
		);
		const before = await corpusRowCounts(testDb.handle);
		const removeFault = await failChunkWritesContaining(testDb.handle, 'POISON-PILL');
		try {
			await expect(
				ingest({
					bytes: textFile('# Parking\n\nStaff parking has moved to the multistorey. POISON-PILL\n'),
					fileName: 'parking.md',
					collectionId: collection
				})
			).rejects.toThrow();
		} finally {
			await removeFault();
		}

		expect(await corpusRowCounts(testDb.handle)).toEqual(before);
		expect((await listDocumentVersions(v1.documentId)).map((v) => v.version)).toEqual([1]);
		expect(await findDocument(v1.documentId)).toMatchObject({ currentVersion: 1, status: 'published' });
		expect(await foundIn('pharmacy building parking', v1.documentId)).toEqual(everywhere);
	});
});

describe('adding the same or a changed file again', () => {
	const v1 = textFile('# Visiting times\n\nVisiting is from 2pm to 8pm. Bring marmalade sandwiches.\n');
	const v2 = textFile('# Visiting times\n\nVisiting is from 11am to 8pm. Bring porridge oats.\n');
	let documentId: string;
	let collection: string;

	beforeAll(async () => {
		collection = await collectionId('visiting');
		documentId = expectOk(await ingest({ bytes: v1, fileName: 'visiting.md', collectionId: collection })).documentId;
	});

	it('does not add the same content twice, whatever the file is called or where it goes', async () => {
		const before = await corpusRowCounts(testDb.handle);

		const again = await ingest({ bytes: v1, fileName: 'visiting-copy.md', collectionId: collection });
		const elsewhere = await ingest({ bytes: v1, fileName: 'visiting.md', collectionId: await collectionId('other') });

		for (const result of [again, elsewhere]) {
			expect(result).toMatchObject({ ok: true, outcome: 'duplicate', documentId, title: 'Visiting times' });
		}
		expect(again.message).toBe(
			'visiting-copy.md: already in the guidance library as "Visiting times", so it was not added again.'
		);
		expect(await corpusRowCounts(testDb.handle)).toEqual(before);
	});

	it('saves changed content under the same file name as a new version that replaces the old one in search', async () => {
		const before = await corpusRowCounts(testDb.handle);

		const result = expectOk(await ingest({ bytes: v2, fileName: 'visiting.md', collectionId: collection }));

		expect(result).toMatchObject({ documentId, version: 2, outcome: 'new_version' });
		expect(result.message).toBe('visiting.md: saved as version 2 of "Visiting times" with 1 passages.');
		expect((await listDocumentVersions(documentId)).map((v) => v.version)).toEqual([2, 1]);
		expect(await findDocument(documentId)).toMatchObject({ currentVersion: 2, status: 'published', chunkCount: 1 });
		// The old passages stay for the history...
		const old = await listVersionChunks(documentId, 1);
		expect(old.map((c) => c.text)).toEqual(['Visiting is from 2pm to 8pm. Bring marmalade sandwiches.']);
		expect(await corpusRowCounts(testDb.handle)).toMatchObject({
			documents: before.documents,
			versions: before.versions + 1,
			chunks: before.chunks + 1
		});
		// ...but only the new version is found.
		const marmalade = await searchGuidance({ query: 'marmalade sandwiches', mode: 'keyword' });
		expect(marmalade.results.filter((r) => r.documentId === documentId)).toEqual([]);
		const porridge = await searchGuidance({ query: 'porridge oats', mode: 'keyword' });
		expect(porridge.results[0]).toMatchObject({ documentId, version: 2, text: expect.stringContaining('porridge') });
		for (const mode of searchModes) {
			const { results } = await searchGuidance({ query: 'visiting times', mode, k: 50 });
			const mine = results.filter((r) => r.documentId === documentId);
			expect(mine.map((r) => r.version)).toEqual([2]);
		}
	});

	it('reports a replacement file with the content already current as unchanged, without a new version', async () => {
		const before = await corpusRowCounts(testDb.handle);

		const result = await ingest({
			bytes: v2,
			fileName: 'visiting-times-final.md',
			collectionId: collection,
			documentId
		});

		expect(result).toMatchObject({ ok: true, outcome: 'unchanged', documentId, version: 2 });
		expect(result.message).toBe('visiting-times-final.md: unchanged since version 2, so no new version was made.');
		expect(await corpusRowCounts(testDb.handle)).toEqual(before);
	});

	it('replaces a chosen document from a file with another name, keeping it a draft if it was one', async () => {
		const drafts = await collectionId('drafts');
		const draft = expectOk(
			await ingest({
				bytes: textFile('# Parking permits\n\nApply online.\n'),
				fileName: 'permits.md',
				collectionId: drafts,
				draft: true
			})
		);

		const replaced = expectOk(
			await ingest({
				bytes: textFile('# Parking permits\n\nApply online or at reception.\n'),
				fileName: 'permits-2025.md',
				collectionId: drafts,
				documentId: draft.documentId
			})
		);

		expect(replaced).toMatchObject({ documentId: draft.documentId, version: 2, outcome: 'new_version' });
		expect(await listDocuments({ collectionId: drafts })).toHaveLength(1);
		expect(await findDocument(draft.documentId)).toMatchObject({ status: 'draft', currentVersion: 2 });
	});

	it('records each new version in the audit log', async () => {
		const events = await listAuditEvents({ action: 'corpus.document_version_added' });
		expect(
			events.some((e) => e.targetId === documentId && (e.details as { after: { version: number } }).after.version === 2)
		).toBe(true);
	});
});

describe('document status and search', () => {
	let documentId: string;
	const query = 'quokka sightings near the car park';

	beforeAll(async () => {
		const collection = await collectionId('status');
		documentId = expectOk(
			await ingest({
				bytes: textFile('# Wildlife\n\nReport quokka sightings near the car park to the estates team.\n'),
				fileName: 'wildlife.md',
				collectionId: collection,
				draft: true
			})
		).documentId;
	});

	it('does not return a draft document in any search mode', async () => {
		expect(await findDocument(documentId)).toMatchObject({ status: 'draft' });
		expect(await foundIn(query, documentId)).toEqual(nowhere);
	});

	it('returns the document in every mode once it is published', async () => {
		await setDocumentStatus(documentId, 'published');
		invalidateKeywordStats();

		expect(await foundIn(query, documentId)).toEqual(everywhere);
		const { results } = await searchGuidance({ query, mode: 'keyword' });
		expect(results[0]).toMatchObject({ documentId, documentTitle: 'Wildlife', collection: 'status', version: 1 });
	});

	it('stops returning it when it is archived, and returns only its current version when it is published again', async () => {
		expectOk(
			await ingest({
				bytes: textFile('# Wildlife\n\nReport wallaby sightings near the car park to the estates team.\n'),
				fileName: 'wildlife.md',
				collectionId: await collectionId('status')
			})
		);

		await setDocumentStatus(documentId, 'archived');
		invalidateKeywordStats();
		expect(await foundIn('wallaby sightings', documentId)).toEqual(nowhere);

		await setDocumentStatus(documentId, 'published');
		invalidateKeywordStats();
		const { results } = await searchGuidance({ query: 'wallaby quokka sightings', mode: 'keyword', k: 20 });
		expect(results.filter((r) => r.documentId === documentId).map((r) => [r.version, r.text])).toEqual([
			[2, 'Report wallaby sightings near the car park to the estates team.']
		]);
	});

	it('deletes the document with every version and passage', async () => {
		const before = await corpusRowCounts(testDb.handle);

		expect(await deleteDocument(documentId)).toBe(true);
		invalidateKeywordStats();

		expect(await findDocument(documentId)).toBeUndefined();
		expect(await listDocumentVersions(documentId)).toEqual([]);
		expect(await listVersionChunks(documentId, 1)).toEqual([]);
		expect(await listVersionChunks(documentId, 2)).toEqual([]);
		expect(await corpusRowCounts(testDb.handle)).toMatchObject({
			documents: before.documents - 1,
			versions: before.versions - 2,
			chunks: before.chunks - 2
		});
		expect(await foundIn('wallaby sightings', documentId)).toEqual(nowhere);
		expect(await deleteDocument(documentId)).toBe(false);
	});
});
