import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { countChunks, listDocumentVersions, listDocuments, listVersionChunks } from '$lib/server/db/queries/corpus';
import { findJob, listJobFiles } from '$lib/server/db/queries/jobs';
import { ensureCollection } from '$lib/server/ingestion/collections';
import { runNextJob, startReembedJob, startUploadJob } from '$lib/server/ingestion/jobs';
import { pendingEmbeddings } from '$lib/server/ingestion/reembed';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import { searchGuidance } from '$lib/server/retrieval/search';
import { ageJobHeartbeat, fakeEmbedder, fixture, jobBytesHeld, textFile, type FakeEmbedder } from '../helpers/corpus';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let embedder: FakeEmbedder;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	embedder = fakeEmbedder('test:model-a');
	useEmbedder(embedder);
});

afterAll(async () => {
	await testDb?.teardown();
});

describe('an upload job', () => {
	it('processes the files in order and records what happened to each', async () => {
		const collection = await ensureCollection('uploads');
		const job = await startUploadJob({
			collectionId: collection.id,
			draft: false,
			actorId: null,
			files: [
				{ fileName: 'inclusive-language.md', bytes: fixture('inclusive-language.md') },
				{ fileName: 'truncated.pdf', bytes: fixture('truncated.pdf') },
				{ fileName: 'winter-messages.txt', bytes: fixture('winter-messages.txt') },
				{ fileName: 'inclusive-language copy.md', bytes: fixture('inclusive-language.md') },
				{
					fileName: 'huge.pdf',
					bytes: new Uint8Array(10),
					refused:
						'huge.pdf: the file is too large to upload. Split it into smaller documents and upload them separately.'
				}
			]
		});
		expect(job).toMatchObject({ status: 'queued', total: 5, progress: 1 });

		expect(await runNextJob()).toBe(true);

		expect(await findJob(job.id)).toMatchObject({
			status: 'succeeded',
			progress: 5,
			total: 5,
			error: null,
			attempts: 1
		});
		const files = await listJobFiles(job.id);
		expect(files.map((f) => [f.fileName, f.status])).toEqual([
			['inclusive-language.md', 'done'],
			['truncated.pdf', 'failed'],
			['winter-messages.txt', 'done'],
			['inclusive-language copy.md', 'skipped'],
			['huge.pdf', 'failed']
		]);
		expect(files[0].message).toBe('inclusive-language.md: added as "Inclusive language guide" with 4 passages.');
		expect(files[1].message).toMatch(/^truncated\.pdf: this PDF is damaged/);
		expect(files[3].message).toMatch(/^inclusive-language copy\.md: already in the guidance library/);
		expect(files[4].message).toMatch(/^huge\.pdf: the file is too large/);
		const documents = await listDocuments({ collectionId: collection.id });
		expect(documents.map((d) => [d.title, d.status])).toEqual([
			['Inclusive language guide', 'published'],
			['Winter health messages', 'published']
		]);
		expect(files[0].documentId).toBe(documents[0].id);
		expect(files[3].documentId).toBe(documents[0].id);
		expect(files[1].documentId).toBeNull();
		expect(await jobBytesHeld(testDb.handle, job.id)).toBe(0);

		expect(await runNextJob()).toBe(false);
	});

	it('keeps the documents as drafts when asked', async () => {
		const collection = await ensureCollection('draft-uploads');
		await startUploadJob({
			collectionId: collection.id,
			draft: true,
			actorId: null,
			files: [{ fileName: 'noisy-page.html', bytes: fixture('noisy-page.html') }]
		});

		expect(await runNextJob()).toBe(true);

		expect((await listDocuments({ collectionId: collection.id })).map((d) => [d.title, d.status])).toEqual([
			['Flu vaccine messages', 'draft']
		]);
	});

	it('is picked up again after its server stopped, without redoing the files it had finished', async () => {
		const collection = await ensureCollection('resumed');
		const files = ['first', 'second', 'third'].map((name) => ({
			fileName: `${name}.md`,
			bytes: textFile(`# The ${name} file\n\nGuidance from the ${name} file of the batch.\n`)
		}));
		const job = await startUploadJob({ collectionId: collection.id, draft: false, actorId: null, files });

		// The first server embeds one file, then stops for good while embedding the second.
		let stopped!: () => void;
		const serverStopped = new Promise<void>((resolve) => (stopped = resolve));
		const dying = fakeEmbedder('test:model-a');
		const embedDocuments = dying.embedDocuments.bind(dying);
		let calls = 0;
		dying.embedDocuments = async (texts) => {
			if (calls++ === 0) return embedDocuments(texts);
			stopped();
			return new Promise<number[][]>(() => {});
		};
		useEmbedder(dying);
		void runNextJob();
		await serverStopped;

		expect(await findJob(job.id)).toMatchObject({ status: 'running', progress: 1, attempts: 1 });
		expect((await listJobFiles(job.id)).map((f) => f.status)).toEqual(['done', 'queued', 'queued']);
		// While its heartbeat is fresh, nobody else takes it.
		expect(await runNextJob()).toBe(false);

		await ageJobHeartbeat(testDb.handle, job.id, 5 * 60);
		const restarted = fakeEmbedder('test:model-a');
		useEmbedder(restarted);
		try {
			expect(await runNextJob()).toBe(true);
		} finally {
			useEmbedder(embedder);
		}

		expect(await findJob(job.id)).toMatchObject({ status: 'succeeded', progress: 3, total: 3, attempts: 2 });
		expect((await listJobFiles(job.id)).map((f) => [f.fileName, f.status])).toEqual([
			['first.md', 'done'],
			['second.md', 'done'],
			['third.md', 'done']
		]);
		// Only the two unfinished files were embedded again.
		expect(restarted.documentCalls).toBe(2);
		const documents = await listDocuments({ collectionId: collection.id });
		expect(documents.map((d) => [d.title, d.currentVersion])).toEqual([
			['The first file', 1],
			['The second file', 1],
			['The third file', 1]
		]);
		for (const d of documents) expect(await listDocumentVersions(d.id)).toHaveLength(1);
		const created = await listAuditEvents({ action: 'corpus.document_created' });
		expect(created.filter((e) => documents.some((d) => d.id === e.targetId))).toHaveLength(3);
	});
});

describe('a re-embedding job', () => {
	const query = 'guidance from the second file of the batch';

	it('re-embeds every passage with the new model, reporting progress up to the total', async () => {
		const total = await countChunks();
		expect(total).toBeGreaterThan(5);
		const modelB = fakeEmbedder('test:model-b');
		useEmbedder(modelB);

		// Until re-embedded, passages from the old model are not compared with the new one's vectors.
		expect(await pendingEmbeddings()).toBe(total);
		expect((await searchGuidance({ query, mode: 'vector' })).results).toEqual([]);
		expect((await searchGuidance({ query, mode: 'keyword' })).results.length).toBeGreaterThan(0);

		const job = await startReembedJob(null);
		expect(await startReembedJob(null)).toMatchObject({ id: job.id });
		expect(await runNextJob()).toBe(true);

		expect(await findJob(job.id)).toMatchObject({ status: 'succeeded', progress: total, total, error: null });
		expect(modelB.textsEmbedded).toBe(total);
		expect(await pendingEmbeddings()).toBe(0);
		for (const d of await listDocuments()) {
			for (const c of await listVersionChunks(d.id, d.currentVersion)) expect(c.embeddingModel).toBe('test:model-b');
		}
		const { results } = await searchGuidance({ query, mode: 'vector', k: 1 });
		expect(results[0]).toMatchObject({ documentTitle: 'The second file' });
	});

	it('has nothing to do when every passage already uses the current model', async () => {
		const job = await startReembedJob(null);
		expect(await runNextJob()).toBe(true);

		expect(await findJob(job.id)).toMatchObject({ status: 'succeeded', progress: 0 });
	});
});
