/**
 * Form actions shared by the assistant directory and the assistant page: start a chat with an
 * assistant, and duplicate one. Each calls the guard itself.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { requireUser } from '../authz/guards';
import { setFlash } from '../flash';
import { duplicateAssistant, findUsableAssistant } from './service';

function assistantIdFrom(event: RequestEvent, form: FormData): string {
	const fromForm = form.get('assistantId');
	return typeof fromForm === 'string' ? fromForm : ((event.params as { id?: string }).id ?? '');
}

/**
 * Opens the home composer with the assistant chosen. No chat is created here: an empty "New chat" would
 * sit in the sidebar if the person went no further, so the chat (recording the assistant's version) is
 * created when the first message is sent.
 */
export async function startChatAction(event: RequestEvent) {
	const user = requireUser(event);
	const id = assistantIdFrom(event, await event.request.formData());
	const found = await findUsableAssistant(user, id);
	if (!found) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
	redirect(303, `/?assistant=${encodeURIComponent(found.id)}`);
}

/** Copies the assistant into the person's own space and opens the copy for editing. */
export async function duplicateAction(event: RequestEvent) {
	const user = requireUser(event);
	const id = assistantIdFrom(event, await event.request.formData());
	const result = await duplicateAssistant(user, id);
	if (!result.ok) {
		if (result.status === 404) error(404, { message: result.message, errorId: event.locals.requestId });
		return fail(result.status, { message: result.message });
	}
	setFlash(event.cookies, '/assistants', `“${result.value.name}” is your private draft copy. Change it and save`);
	redirect(303, `/assistants/${result.value.id}/edit`);
}
