/** The sign-off endpoints, as the browser calls them: JSON in, `{ok, status, body}` out (never throws on HTTP errors). */
export type ReviewPersonOption = { name: string; email: string; clinical: boolean };
export type ApiAnswer<T> = { ok: boolean; status: number; body: T & { message?: string } };

export async function postJson<T>(url: string, payload: unknown): Promise<ApiAnswer<T>> {
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(payload)
		});
		const body = (await res.json().catch(() => ({}))) as T & { message?: string };
		return { ok: res.ok, status: res.status, body };
	} catch {
		return {
			ok: false,
			status: 0,
			body: { message: 'Could not reach NHS Comms Assist: check your connection and try again' } as T & {
				message?: string;
			}
		};
	}
}

/** Active colleagues whose name or email contains `q`, clinical reviewers first. */
export async function findReviewers(q: string): Promise<ReviewPersonOption[]> {
	try {
		const res = await fetch(`/api/people/reviewers?q=${encodeURIComponent(q)}`, {
			headers: { accept: 'application/json' }
		});
		if (!res.ok) return [];
		return ((await res.json()) as { people: ReviewPersonOption[] }).people;
	} catch {
		return [];
	}
}
