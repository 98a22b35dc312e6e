/**
 * Autosave for the draft canvas: saves a while after typing stops (and when asked to flush), keeps
 * unsaved text in the browser until the server has it, and turns a 409 into a conflict the person
 * resolves. Plain TypeScript with injected I/O so the rules can be tested without a browser.
 */

export type SaveBody = { content: string; title?: string; baseVersion: number };
export type SaveOutcome =
	| { kind: 'saved'; version: number; notice?: string; status?: string }
	| { kind: 'conflict'; message: string; current: { version: number; content: string } }
	| { kind: 'offline' }
	| { kind: 'failed'; message: string; errorId?: string };

export type AutosaveState =
	| { kind: 'idle'; version: number }
	| { kind: 'pending'; version: number }
	| { kind: 'saving'; version: number }
	| { kind: 'saved'; version: number; notice?: string }
	| { kind: 'conflict'; version: number; message: string; theirs: { version: number; content: string }; mine: string }
	| { kind: 'offline'; version: number }
	| { kind: 'failed'; version: number; message: string; errorId?: string };

/** What is kept in the browser until saved. */
type Kept = { content: string; title: string; baseVersion: number };

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type AutosaveOptions = {
	save: (body: SaveBody) => Promise<SaveOutcome>;
	store: KeyValueStore | null;
	key: string;
	onstate: (state: AutosaveState) => void;
	delayMs?: number;
};

/** The words the canvas shows (and announces) for a state. */
export function describeState(s: AutosaveState): string {
	switch (s.kind) {
		case 'idle':
			return `Version ${s.version}`;
		case 'pending':
			return 'Changes not saved yet';
		case 'saving':
			return 'Saving…';
		case 'saved':
			return `Saved as version ${s.version}`;
		case 'conflict':
			return 'Not saved: conflict';
		case 'offline':
			return 'Offline: your changes are kept in this browser';
		case 'failed':
			return `Not saved: ${s.message}`;
	}
}

export class DraftAutosave {
	#o: Required<AutosaveOptions>;
	#saved = { content: '', title: '', version: 0 };
	#current = { content: '', title: '' };
	#timer: ReturnType<typeof setTimeout> | null = null;
	#inFlight: Promise<void> | null = null;
	#state: AutosaveState = { kind: 'idle', version: 0 };

	constructor(options: AutosaveOptions) {
		this.#o = { delayMs: 1500, ...options };
	}

	get state(): AutosaveState {
		return this.#state;
	}
	get version(): number {
		return this.#saved.version;
	}
	get dirty(): boolean {
		return this.#current.content !== this.#saved.content || this.#current.title !== this.#saved.title;
	}

	#set(state: AutosaveState) {
		this.#state = state;
		this.#o.onstate(state);
	}

	/**
	 * Starts from what the server has. Returns text kept in this browser from an earlier visit that the
	 * server does not have (the caller puts it in the editor); a kept text based on an older version is
	 * a conflict straight away, so neither is lost.
	 */
	load(server: { content: string; title: string; version: number }): Kept | null {
		this.#saved = { ...server };
		this.#current = { content: server.content, title: server.title };
		const kept = this.#readKept();
		if (!kept || (kept.content === server.content && kept.title === server.title)) {
			this.#clearKept();
			this.#set({ kind: 'idle', version: server.version });
			return null;
		}
		this.#current = { content: kept.content, title: kept.title };
		if (kept.baseVersion === server.version) this.#schedule();
		else this.#conflict('This draft changed since your unsaved text was kept in this browser.', server);
		return kept;
	}

	/** The editor changed: keep the text in the browser and save after a pause. */
	change(content: string, title: string): void {
		this.#current = { content, title };
		if (this.#state.kind === 'conflict') {
			this.#keep();
			return;
		}
		if (!this.dirty) {
			this.#clearKept();
			this.#cancel();
			if (this.#state.kind === 'pending') this.#set({ kind: 'idle', version: this.#saved.version });
			return;
		}
		this.#keep();
		this.#schedule();
	}

	/** Saves now (on blur, on leaving the page, before an AI edit). Resolves when the server answered. */
	async flush(): Promise<AutosaveState> {
		this.#cancel();
		while (this.#inFlight) await this.#inFlight;
		if (this.#state.kind === 'conflict' || !this.dirty) return this.#state;
		this.#inFlight = this.#send();
		try {
			await this.#inFlight;
		} finally {
			this.#inFlight = null;
		}
		if (this.dirty && this.#state.kind === 'saved') return this.flush();
		return this.#state;
	}

	/** The server moved on by itself (an accepted AI edit, a restore): that is now the saved text. */
	adopt(server: { content: string; title?: string; version: number }): void {
		this.#cancel();
		this.#saved = { content: server.content, title: server.title ?? this.#saved.title, version: server.version };
		this.#current = { content: server.content, title: this.#saved.title };
		this.#clearKept();
		this.#set({ kind: 'saved', version: server.version });
	}

	/** Resolves a conflict with `content` (mine, theirs or merged), saved on top of the current version. */
	async resolve(content: string): Promise<AutosaveState> {
		if (this.#state.kind !== 'conflict') return this.#state;
		const theirs = this.#state.theirs;
		this.#saved = { content: theirs.content, title: this.#saved.title, version: theirs.version };
		this.#current = { content, title: this.#current.title };
		this.#set({ kind: 'pending', version: theirs.version });
		if (!this.dirty) {
			this.#clearKept();
			this.#set({ kind: 'saved', version: theirs.version });
			return this.#state;
		}
		this.#keep();
		return this.flush();
	}

	/** Try again after going back online. */
	retry(): Promise<AutosaveState> {
		return this.flush();
	}

	dispose(): void {
		this.#cancel();
	}

	async #send(): Promise<void> {
		const body: SaveBody = { content: this.#current.content, baseVersion: this.#saved.version };
		if (this.#current.title !== this.#saved.title) body.title = this.#current.title;
		const sent = { ...this.#current };
		this.#set({ kind: 'saving', version: this.#saved.version });
		let outcome: SaveOutcome;
		try {
			outcome = await this.#o.save(body);
		} catch {
			outcome = { kind: 'offline' };
		}
		if (outcome.kind === 'saved') {
			this.#saved = { ...sent, version: outcome.version };
			if (!this.dirty) this.#clearKept();
			this.#set({ kind: 'saved', version: outcome.version, notice: outcome.notice });
		} else if (outcome.kind === 'conflict') {
			this.#conflict(outcome.message, outcome.current);
		} else if (outcome.kind === 'offline') {
			this.#set({ kind: 'offline', version: this.#saved.version });
		} else {
			this.#set({ kind: 'failed', version: this.#saved.version, message: outcome.message, errorId: outcome.errorId });
		}
	}

	#conflict(message: string, current: { version: number; content: string }) {
		this.#keep();
		this.#set({
			kind: 'conflict',
			version: this.#saved.version,
			message,
			theirs: { version: current.version, content: current.content },
			mine: this.#current.content
		});
	}

	#schedule() {
		this.#cancel();
		this.#set({ kind: 'pending', version: this.#saved.version });
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.flush();
		}, this.#o.delayMs);
	}

	#cancel() {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	#readKept(): Kept | null {
		try {
			const raw = this.#o.store?.getItem(this.#o.key);
			if (!raw) return null;
			const v = JSON.parse(raw) as Partial<Kept>;
			if (typeof v.content !== 'string' || typeof v.baseVersion !== 'number') return null;
			return { content: v.content, title: typeof v.title === 'string' ? v.title : '', baseVersion: v.baseVersion };
		} catch {
			return null;
		}
	}

	#keep() {
		const kept: Kept = { ...this.#current, baseVersion: this.#saved.version };
		try {
			this.#o.store?.setItem(this.#o.key, JSON.stringify(kept));
		} catch {
			// A full or blocked store: the text stays in the editor and the save still goes ahead.
		}
	}

	#clearKept() {
		try {
			this.#o.store?.removeItem(this.#o.key);
		} catch {
			// Nothing to do: see #keep.
		}
	}
}
