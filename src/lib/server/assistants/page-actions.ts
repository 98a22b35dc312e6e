/**
 * Form actions shared by the assistant directory and the assistant page: start a chat with an
 * assistant, and duplicate one. Each calls the guard itself.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { requireUser } from '../authz/guards';
import { startChat } from '../chat/start';
import { setFlash } from '../flash';
import { duplicateAssistant } from './service';

function assistantIdFrom(event: RequestEvent, form: FormData): string {
	const fromForm = form.get('assistantId');
	return typeof fromForm === 'string' ? fromForm : ((event.params as { id?: string }).id ?? '');
}

/** Creates a chat with the assistant (recording its version) and opens it. */
export async function startChatAction(event: RequestEvent) {
	const user = requireUser(event);
	const id = assistantIdFrom(event, await event.request.formData());
	const started = await startChat(user, { assistantId: id });
	if (!started.ok) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
	redirect(303, `/chats/${started.chat.id}`);
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
