import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { readJson } from '$lib/server/assistants/http';
import { requireApiAdmin } from '$lib/server/authz/guards';
import { markClinicalReviewer } from '$lib/server/drafts/signoff-people';
import type { RequestHandler } from './$types';

const bodySchema = z.object({
	clinicalReviewer: z.boolean({ error: 'clinicalReviewer must be true or false' })
});

/** Marks or unmarks a person as a clinical reviewer: `{"clinicalReviewer": true}` → 200 `{"id","clinicalReviewer"}`. */
export const PUT: RequestHandler = async (event) => {
	const admin = requireApiAdmin(event);
	const errorId = event.locals.requestId;
	const parsed = bodySchema.safeParse(await readJson(event.request, errorId));
	if (!parsed.success) error(400, { message: parsed.error.issues[0].message, errorId });
	const r = await markClinicalReviewer(event, admin, event.params.id, parsed.data.clinicalReviewer);
	if (!r.ok) error(404, { message: r.message, errorId });
	return json({ id: event.params.id, clinicalReviewer: r.value.clinicalReviewer });
};
