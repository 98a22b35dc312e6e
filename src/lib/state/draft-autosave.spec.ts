import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftAutosave, describeState, type AutosaveState, type SaveBody, type SaveOutcome } from './draft-autosave';

function memoryStore() {
	const m = new Map<string, string>();
	return {
		getItem: (k: string) => m.get(k) ?? null,
		setItem: (k: string, v: string) => void m.set(k, v),
		removeItem: (k: string) => void m.delete(k),
		map: m
	};
}

function setup(answers: Array<SaveOutcome | Error> = []) {
	const store = memoryStore();
	const sent: SaveBody[] = [];
	const states: AutosaveState[] = [];
	const save = vi.fn(async (body: SaveBody) => {
		sent.push(body);
		const next = answers.shift() ?? { kind: 'saved', version: body.baseVersion + 1 };
		if (next instanceof Error) throw next;
		return next;
	});
	const saver = new DraftAutosave({ save, store, key: 'draft:1', onstate: (s) => states.push(s) });
	saver.load({ content: 'Hello', title: 'T', version: 3 });
	return { store, sent, states, save, saver };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('DraftAutosave', () => {
	it('saves once, 1.5 seconds after typing stops, on top of the version it started from', async () => {
		const { saver, sent } = setup();
		saver.change('Hello w', 'T');
		await vi.advanceTimersByTimeAsync(1000);
		saver.change('Hello world', 'T');
		await vi.advanceTimersByTimeAsync(1400);
		expect(sent).toEqual([]);
		await vi.advanceTimersByTimeAsync(200);
		expect(sent).toEqual([{ content: 'Hello world', baseVersion: 3 }]);
		expect(describeState(saver.state)).toBe('Saved as version 4');
	});

	it('keeps unsaved text in the browser until the server has it', async () => {
		const { saver, store } = setup();
		saver.change('Hello there', 'T');
		expect(JSON.parse(store.map.get('draft:1')!)).toEqual({ content: 'Hello there', title: 'T', baseVersion: 3 });
		await saver.flush();
		expect(store.map.has('draft:1')).toBe(false);
	});

	it('does not save when the text is back to what is saved', async () => {
		const { saver, sent } = setup();
		saver.change('Hello!', 'T');
		saver.change('Hello', 'T');
		await vi.advanceTimersByTimeAsync(3000);
		expect(sent).toEqual([]);
	});

	it('sends a changed title only when it changed', async () => {
		const { saver, sent } = setup();
		saver.change('Hello', 'New title');
		await saver.flush();
		expect(sent[0]).toEqual({ content: 'Hello', title: 'New title', baseVersion: 3 });
	});

	it('shows a conflict with both texts on 409, and "keep mine" saves on top of their version', async () => {
		const { saver, sent, store } = setup([
			{ kind: 'conflict', message: 'Changed elsewhere', current: { version: 5, content: 'Theirs' } }
		]);
		saver.change('Mine', 'T');
		await saver.flush();
		const s = saver.state;
		expect(s.kind).toBe('conflict');
		if (s.kind !== 'conflict') return;
		expect(s.theirs).toEqual({ version: 5, content: 'Theirs' });
		expect(s.mine).toBe('Mine');
		expect(describeState(s)).toBe('Not saved: conflict');
		expect(store.map.has('draft:1')).toBe(true);
		await vi.advanceTimersByTimeAsync(5000);
		expect(sent).toHaveLength(1);
		await saver.resolve('Mine');
		expect(sent[1]).toEqual({ content: 'Mine', baseVersion: 5 });
		expect(describeState(saver.state)).toBe('Saved as version 6');
	});

	it('"use theirs" ends the conflict without saving', async () => {
		const { saver, sent, store } = setup([
			{ kind: 'conflict', message: 'x', current: { version: 5, content: 'Theirs' } }
		]);
		saver.change('Mine', 'T');
		await saver.flush();
		await saver.resolve('Theirs');
		expect(sent).toHaveLength(1);
		expect(saver.state).toEqual({ kind: 'saved', version: 5 });
		expect(store.map.has('draft:1')).toBe(false);
	});

	it('says offline when the request fails, keeps the text, and saves on retry', async () => {
		const { saver, sent, store } = setup([new TypeError('Failed to fetch')]);
		saver.change('Typed offline', 'T');
		await saver.flush();
		expect(describeState(saver.state)).toBe('Offline: your changes are kept in this browser');
		expect(store.map.has('draft:1')).toBe(true);
		await saver.retry();
		expect(sent.at(-1)).toEqual({ content: 'Typed offline', baseVersion: 3 });
		expect(saver.state.kind).toBe('saved');
	});

	it('saves text typed while a save was in flight, after it', async () => {
		let release: (v: SaveOutcome) => void = () => {};
		const store = memoryStore();
		const sent: SaveBody[] = [];
		const saver = new DraftAutosave({
			store,
			key: 'k',
			onstate: () => {},
			save: (body) => {
				sent.push(body);
				return sent.length === 1
					? new Promise((r) => (release = r))
					: Promise.resolve({ kind: 'saved', version: body.baseVersion + 1 });
			}
		});
		saver.load({ content: 'a', title: 'T', version: 1 });
		saver.change('ab', 'T');
		const first = saver.flush();
		saver.change('abc', 'T');
		release({ kind: 'saved', version: 2 });
		await first;
		expect(sent.map((b) => [b.content, b.baseVersion])).toEqual([
			['ab', 1],
			['abc', 2]
		]);
		expect(saver.version).toBe(3);
	});

	it('restores text kept from an earlier visit, and calls it a conflict when the draft moved on', () => {
		const store = memoryStore();
		store.setItem('k', JSON.stringify({ content: 'Kept', title: 'T', baseVersion: 2 }));
		const saver = new DraftAutosave({ store, key: 'k', onstate: () => {}, save: vi.fn() });
		expect(saver.load({ content: 'Server', title: 'T', version: 2 })?.content).toBe('Kept');
		expect(saver.state.kind).toBe('pending');
		const later = new DraftAutosave({ store, key: 'k', onstate: () => {}, save: vi.fn() });
		later.load({ content: 'Newer', title: 'T', version: 4 });
		expect(later.state.kind).toBe('conflict');
	});

	it('shows the server notice when a save returns an approved draft to draft', async () => {
		const { saver } = setup([{ kind: 'saved', version: 4, status: 'draft', notice: 'Ask for sign-off again.' }]);
		saver.change('Changed', 'T');
		await saver.flush();
		expect(saver.state).toEqual({ kind: 'saved', version: 4, notice: 'Ask for sign-off again.' });
	});
});
