/**
 * Puts one guidance document in the library the way an admin would (create a collection, upload the
 * file through the form) and waits until its ingestion job has finished.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { client, SESSION_COOKIE } from './http';

/** The inclusive-language guide used by the chat tests: its passages are what answers cite. */
export const INCLUSIVE_LANGUAGE_GUIDE = path.resolve(
	import.meta.dirname,
	'../../fixtures/ingestion/inclusive-language.md'
);

export async function seedGuidance(
	origin: string,
	adminCookie: string,
	collection: { name: string; slug: string },
	file = INCLUSIVE_LANGUAGE_GUIDE
): Promise<void> {
	const created = await client(origin).post(
		'/admin/corpus?/createCollection',
		{ ...collection, description: '' },
		{ cookie: adminCookie }
	);
	expect(created.status).toBe(200);
	const form = new FormData();
	form.append('collection', collection.slug);
	form.append('files', new Blob([new Uint8Array(readFileSync(file))], { type: 'text/markdown' }), path.basename(file));
	const cookie = `${SESSION_COOKIE}=${adminCookie}`;
	const upload = await fetch(new URL('/admin/corpus/upload', origin), {
		method: 'POST',
		redirect: 'manual',
		headers: { accept: 'text/html', origin, cookie },
		body: form
	});
	expect(upload.status).toBe(303);
	const jobId = upload.headers.get('location')?.match(/[0-9a-f-]{36}/)?.[0];
	const deadline = Date.now() + 150_000;
	for (;;) {
		const job = (await (await fetch(new URL(`/api/admin/jobs/${jobId}`, origin), { headers: { cookie } })).json()) as {
			status: string;
		};
		if (job.status === 'succeeded') return;
		if (job.status === 'failed' || Date.now() > deadline) throw new Error(`Seeding failed: ${JSON.stringify(job)}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}
