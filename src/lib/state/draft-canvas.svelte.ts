/**
 * The draft canvas's state: the draft as loaded, autosave wired to the API and to this browser's
 * storage, the draft checks placed on the editor, restores and accepted edits. The component keeps
 * the markup; this keeps the rules.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { DraftView } from '$lib/schemas/drafts';
import type { PlacedFinding } from '$lib/components/drafts/ChecksPanel.svelte';
import { documentText, textOffsetToPos } from '$lib/utils/draft-markdown';
import { DraftAutosave, type AutosaveState } from './draft-autosave';
import { draftApi, saveDraft } from './draft-api';

/** What the canvas needs from the editor component. */
export type EditorPort = {
	getMarkdown: () => string;
	setMarkdown: (markdown: string, options?: { history?: boolean }) => void;
	doc: () => PMNode | null;
	focus: () => void;
};

const QUOTE_MAX = 80;

function browserStore(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

export class DraftCanvasState {
	draft = $state<DraftView | null>(null);
	loadError = $state<{ status: number; message: string } | null>(null);
	title = $state('');
	save = $state<AutosaveState>({ kind: 'idle', version: 0 });
	/** Text kept in this browser from an earlier visit, put back in the editor on load. */
	restored = $state<string | null>(null);
	notice = $state<string | null>(null);
	findings = $state<PlacedFinding[]>([]);
	readingAge = $state<number | null>(null);
	checking = $state(false);
	checkError = $state<string | null>(null);
	editor: EditorPort | null = null;
	#saver: DraftAutosave;
	#syncTimer: ReturnType<typeof setTimeout> | null = null;
	#checkTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(readonly draftId: string) {
		this.#saver = new DraftAutosave({
			key: `nca:draft:${draftId}`,
			store: browserStore(),
			save: (body) => saveDraft(draftId, body),
			onstate: (s) => this.#onstate(s)
		});
	}

	get version(): number {
		return this.#saver.version;
	}
	get canEdit(): boolean {
		return this.draft?.role === 'author';
	}

	#onstate(s: AutosaveState) {
		this.save = s;
		if (s.kind === 'saved') {
			if (s.notice) this.notice = s.notice;
			if (this.draft && s.notice) this.draft.status = 'draft';
			this.scheduleCheck();
		}
	}

	async load(): Promise<void> {
		const r = await draftApi.get(this.draftId);
		if (!r.ok) {
			this.loadError = { status: r.status, message: r.status === 404 ? 'Draft not found' : r.message };
			return;
		}
		const kept = this.#saver.load({ content: r.data.content, title: r.data.title, version: r.data.version });
		this.restored = kept?.content ?? null;
		this.title = kept?.title || r.data.title;
		this.draft = r.data;
	}

	/**
	 * Sign-off or comments changed: reads the draft again for its status, reviewers, decisions and
	 * comments, leaving the text in the editor (and anything unsaved) alone.
	 */
	async refresh(): Promise<void> {
		const r = await draftApi.get(this.draftId);
		if (!r.ok || !this.draft) return;
		const { content: _content, title: _title, version: _version, ...rest } = r.data;
		Object.assign(this.draft, rest);
	}

	/** The editor or title changed: read the Markdown a moment later (serialising on every key is wasteful). */
	changed(): void {
		if (this.#syncTimer) clearTimeout(this.#syncTimer);
		this.#syncTimer = setTimeout(() => this.sync(), 250);
	}

	sync(): void {
		if (this.#syncTimer) clearTimeout(this.#syncTimer);
		this.#syncTimer = null;
		if (!this.editor || !this.canEdit) return;
		this.#saver.change(this.editor.getMarkdown(), this.title.trim() || (this.draft?.title ?? ''));
	}

	/** Saves anything unsaved now (blur, leaving the page, before an AI edit or a restore). */
	async flush(): Promise<AutosaveState> {
		this.sync();
		return this.#saver.flush();
	}

	retry(): Promise<AutosaveState> {
		return this.#saver.retry();
	}

	/** Resolves a conflict; the editor shows the chosen text. */
	async resolve(content: string): Promise<void> {
		const done = this.#saver.resolve(content);
		this.editor?.setMarkdown(content);
		await done;
	}

	/** The server made a new version (accepted edit, restore): show it as one undo step. */
	adopt(saved: { version: number; content: string; title?: string; notice?: string }): void {
		this.#saver.adopt(saved);
		if (saved.title) this.title = saved.title;
		if (this.draft) this.draft.version = saved.version;
		if (saved.notice) this.notice = saved.notice;
		this.editor?.setMarkdown(saved.content);
	}

	/** Restores a version as a new one (after saving anything unsaved). Answers what happened, in words. */
	async restore(version: number): Promise<string> {
		const state = await this.flush();
		if (state.kind === 'conflict' || state.kind === 'offline' || state.kind === 'failed') {
			return 'Your latest changes are not saved yet, so nothing was restored. Resolve that first.';
		}
		const r = await draftApi.restore(this.draftId, version, this.#saver.version);
		if (!r.ok) return r.message;
		const fresh = await draftApi.get(this.draftId);
		if (!fresh.ok) return fresh.message;
		this.adopt({ version: fresh.data.version, content: fresh.data.content, title: fresh.data.title });
		return `Version ${version} restored as version ${fresh.data.version}.`;
	}

	scheduleCheck(delay = 800): void {
		if (this.#checkTimer) clearTimeout(this.#checkTimer);
		this.#checkTimer = setTimeout(() => void this.check(), delay);
	}

	/** Runs the draft checks on the editor's text and places each finding on it. */
	async check(): Promise<void> {
		const doc = this.editor?.doc();
		if (!doc) return;
		const map = documentText(doc);
		this.checking = true;
		const r = await draftApi.check(map.text);
		this.checking = false;
		if (!r.ok) {
			this.checkError = `The checks did not run: ${r.message}`;
			return;
		}
		this.checkError = null;
		// Typed since the request: the positions would be out of date, so check again shortly.
		if (this.editor?.doc() !== doc) return this.scheduleCheck();
		this.readingAge = r.data.readingAge;
		this.findings = r.data.findings.map((f, i) => {
			const from = textOffsetToPos(map, f.start);
			const to = textOffsetToPos(map, f.end, 'end');
			const quote = map.text.slice(f.start, f.end).replace(/\s+/g, ' ');
			return {
				...f,
				id: `f${i}`,
				from: from ?? 0,
				to: to ?? 0,
				placed: from !== null && to !== null && to > from,
				quote: quote.length > QUOTE_MAX ? `${quote.slice(0, QUOTE_MAX)}…` : quote
			};
		});
	}

	dispose(): void {
		if (this.#syncTimer) clearTimeout(this.#syncTimer);
		if (this.#checkTimer) clearTimeout(this.#checkTimer);
		this.#saver.dispose();
	}
}
