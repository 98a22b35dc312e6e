import type { SendAnyway } from '$lib/schemas/personal-data';

/** The first message of a chat started on the workspace home, handed to the chat page to send. */
export type PendingMessage = {
	chatId: string;
	content: string;
	useGuidance: boolean;
	model: string;
	/** The person chose to send personal data anyway, with a reason. */
	personalData?: SendAnyway;
};

let pending: PendingMessage | null = null;

export function setPendingMessage(message: PendingMessage): void {
	pending = message;
}

/** Takes the pending message for this chat, if there is one (only once). */
export function takePendingMessage(chatId: string): PendingMessage | null {
	if (pending?.chatId !== chatId) return null;
	const message = pending;
	pending = null;
	return message;
}
