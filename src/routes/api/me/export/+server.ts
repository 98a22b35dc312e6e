import { error } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { exportMyData } from '$lib/server/governance/my-data';
import type { RequestHandler } from './$types';

/** Everything stored about and by you, as one JSON file. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const data = await exportMyData(user.id);
	if (!data) error(404, { message: 'Account not found', errorId: event.locals.requestId });
	const date = data.exportedAt.slice(0, 10);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="nhs-comms-assist-my-data-${date}.json"`,
			'cache-control': 'no-store'
		}
	});
};
