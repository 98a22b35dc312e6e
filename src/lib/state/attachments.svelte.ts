/**
 * The files attached to one chat, as the composer shows them: uploads in progress, attached files with
 * what the personal-data guard found, and files that could not be attached (with the reason). A file
 * over the size limit is refused here, before anything is sent.
 */
import type { AttachmentListItem, AttachmentPersonalData, AttachmentView } from '$lib/schemas/attachment';
import { formatBytes } from '$lib/utils/bytes';

export type AttachmentChip = {
	key: string;
	id: string | null;
	fileName: string;
	size: number | null;
	state: 'uploading' | 'attached' | 'failed' | 'redacting';
	message: string | null;
	kind: AttachmentView['kind'] | null;
	personalData: AttachmentPersonalData | null;
	redacted: boolean;
	columns: string[] | null;
	rows: number | null;
	/** Tables only: the column that looks most like free text, to preselect for an analysis. */
	textColumn: string | null;
};

let counter = 0;

export class ChatAttachments {
	items = $state<AttachmentChip[]>([]);
	/** Said to screen readers as files are attached, fail or are removed. */
	announcement = $state('');

	constructor(
		readonly chatId: string,
		readonly maxBytes: number
	) {}

	/** The attached files the next message uses. */
	get ids(): string[] {
		return this.items.filter((i) => i.id && i.state === 'attached').map((i) => i.id!);
	}

	get uploading(): boolean {
		return this.items.some((i) => i.state === 'uploading' || i.state === 'redacting');
	}

	async load(): Promise<void> {
		const res = await fetch(`/api/chats/${this.chatId}/attachments`).catch(() => null);
		if (!res?.ok) return;
		const { attachments } = (await res.json()) as { attachments: AttachmentListItem[] };
		const loaded: AttachmentChip[] = attachments.map((a) => ({
			key: a.id,
			id: a.id,
			fileName: a.fileName,
			size: a.bytes,
			state: 'attached',
			message: null,
			kind: a.kind,
			personalData: a.personalData,
			redacted: a.redacted,
			columns: a.columns ?? null,
			rows: a.rows ?? null,
			textColumn: a.textColumn ?? null
		}));
		// A file chosen while the list was loading keeps its chip: the list must not replace it.
		const listed = loaded.map((a) => a.id);
		this.items = [...loaded, ...this.items.filter((i) => !i.id || !listed.includes(i.id))];
	}

	add(files: Iterable<File>): void {
		for (const file of files) void this.#upload(file);
	}

	#chip(key: string): AttachmentChip | undefined {
		return this.items.find((i) => i.key === key);
	}

	async #upload(file: File): Promise<void> {
		const key = `upload-${++counter}`;
		const base = { key, id: null, fileName: file.name || 'Pasted file', size: file.size, kind: null };
		const empty = { personalData: null, redacted: false, columns: null, rows: null, textColumn: null };
		if (file.size > this.maxBytes) {
			const message = `The file is ${formatBytes(file.size)}, over the ${formatBytes(this.maxBytes)} limit. Split it into smaller files and attach those.`;
			this.items.push({ ...base, ...empty, state: 'failed', message });
			this.announcement = `${base.fileName} was not attached. ${message}`;
			return;
		}
		this.items.push({ ...base, ...empty, state: 'uploading', message: null });
		this.announcement = `Attaching ${base.fileName}…`;
		const form = new FormData();
		form.append('file', file, base.fileName);
		const res = await fetch(`/api/chats/${this.chatId}/attachments`, { method: 'POST', body: form }).catch(() => null);
		const body = (await res?.json().catch(() => null)) as (AttachmentView & { message?: string }) | null;
		const chip = this.#chip(key);
		if (!chip) return;
		if (res?.status !== 201 || !body) {
			chip.state = 'failed';
			chip.message = body?.message ?? 'The file could not be attached. Check your connection and try again.';
			this.announcement = `${chip.fileName} was not attached. ${chip.message}`;
			return;
		}
		this.#apply(chip, body);
		// The list may already have brought this file in while its upload was answering.
		this.items = this.items.filter((i) => i.key === key || i.id !== body.id);
		const found = body.personalData.total;
		this.announcement = `${chip.fileName} attached.${found ? ` It may contain personal data (${found} ${found === 1 ? 'item' : 'items'}).` : ''}`;
	}

	#apply(chip: AttachmentChip, view: AttachmentView): void {
		Object.assign(chip, {
			id: view.id,
			state: 'attached',
			message: null,
			kind: view.kind,
			personalData: view.personalData,
			redacted: view.redacted,
			columns: view.columns ?? null,
			rows: view.rows ?? null,
			// Only the upload answer names it; a redaction answer keeps the one already known.
			textColumn: view.textColumn ?? chip.textColumn
		});
	}

	/** Replaces the personal data in the stored text with placeholders. */
	async redact(key: string): Promise<void> {
		const chip = this.#chip(key);
		if (!chip?.id) return;
		chip.state = 'redacting';
		const res = await fetch(`/api/chats/${this.chatId}/attachments/${chip.id}/redact`, { method: 'POST' }).catch(
			() => null
		);
		const body = (await res?.json().catch(() => null)) as (AttachmentView & { message?: string }) | null;
		if (res?.ok && body) {
			this.#apply(chip, body);
			this.announcement = `Personal data in ${chip.fileName} was replaced with placeholders.`;
		} else {
			chip.state = 'attached';
			this.announcement = body?.message ?? `Placeholders could not be added to ${chip.fileName}. Try again.`;
		}
	}

	/** Removes a file: deletes an attached one, or forgets one that failed. */
	async remove(key: string): Promise<void> {
		const chip = this.#chip(key);
		if (!chip) return;
		if (chip.id) {
			const res = await fetch(`/api/chats/${this.chatId}/attachments/${chip.id}`, { method: 'DELETE' }).catch(
				() => null
			);
			if (!res || (res.status !== 204 && res.status !== 404)) {
				this.announcement = `${chip.fileName} could not be removed. Try again.`;
				return;
			}
		}
		this.items = this.items.filter((i) => i.key !== key);
		this.announcement = `${chip.fileName} removed.`;
	}
}
