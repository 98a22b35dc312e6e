/** Shared by the MFA JSON endpoints: the `{"code"}` body and answers in the API's error shape. */
import { json, type RequestEvent } from '@sveltejs/kit';
import { mfaCodeSchema } from '$lib/schemas/mfa';

export async function readCode(
	event: Pick<RequestEvent, 'request'>
): Promise<{ ok: true; code: string } | { ok: false; message: string }> {
	const body = await event.request.json().catch(() => undefined);
	const parsed = mfaCodeSchema.safeParse(body ?? {});
	if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message };
	return { ok: true, code: parsed.data.code };
}

export function refusal(status: number, message: string, errorId: string, field = 'code'): Response {
	return json({ message, errorId, errors: { [field]: message } }, { status });
}
