import { error, json } from '@sveltejs/kit';
import { acceptSchema } from '$lib/schemas/acceptable-use';
import { requireApiUser } from '$lib/server/authz/guards';
import {
	acceptAcceptableUse,
	findLatestAcceptableUse,
	pendingAcceptableUseVersion
} from '$lib/server/governance/acceptable-use';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

/** The current statement and whether you have accepted it (allowed before accepting). */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const statement = await findLatestAcceptableUse();
	if (!statement) error(404, { message: 'There is no acceptable-use statement', errorId: event.locals.requestId });
	return json({
		version: statement.version,
		text: statement.text,
		publishedAt: statement.createdAt.toISOString(),
		accepted: (await pendingAcceptableUseVersion(user.id)) === null
	});
};

/** Accepts the current statement: `{"version"}` must name it. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const body = await event.request.json().catch(() => undefined);
	const parsed = acceptSchema.safeParse(body ?? {});
	if (!parsed.success) {
		return json(
			{ message: parsed.error.issues[0].message, errorId, errors: { version: parsed.error.issues[0].message } },
			{ status: 400 }
		);
	}
	const result = await acceptAcceptableUse(user.id, parsed.data.version);
	if (!result.ok) {
		if (result.reason === 'none') error(404, { message: 'There is no acceptable-use statement', errorId });
		return json(
			{
				message: `Version ${parsed.data.version} is not the current statement: read version ${result.current} and accept that`,
				errorId,
				current: result.current
			},
			{ status: 409 }
		);
	}
	await audit(event, 'acceptable_use.accepted', {
		actorId: user.id,
		targetType: 'acceptable_use',
		targetId: String(result.version),
		details: { version: result.version }
	});
	return json({ version: result.version, accepted: true });
};
