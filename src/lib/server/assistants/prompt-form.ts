/** Reads the prompt form (pages without JavaScript post it) into the body the prompt service expects. */
export function promptFormBody(form: FormData) {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v : '';
	};
	const teamId = text('teamId').trim();
	return {
		title: text('title'),
		body: text('body'),
		visibility: text('visibility') || 'private',
		teamId: teamId || undefined
	};
}
