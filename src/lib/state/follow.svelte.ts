/**
 * Keeps a scrolling conversation at its newest line while an answer streams, unless the person has
 * scrolled up to read something: then it stays where they are until they scroll back down.
 */
const NEAR_BOTTOM_PX = 48;

export class Follow {
	scroller = $state<HTMLElement | undefined>();
	#following = true;

	/** A new answer starts (or the page opens): follow it from the bottom. */
	start(): void {
		this.#following = true;
		this.keep();
	}

	/** Called on every scroll: following stops when the person moves away from the bottom. */
	scrolled(): void {
		const el = this.scroller;
		if (!el) return;
		this.#following = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
	}

	/** After new content: back to the bottom, if following (once the browser has laid it out). */
	keep(): void {
		if (!this.#following || typeof requestAnimationFrame === 'undefined') return;
		requestAnimationFrame(() => {
			const el = this.scroller;
			if (el && this.#following) el.scrollTop = el.scrollHeight;
		});
	}
}
