/**
 * The workspace's chat list (left sidebar): open or collapsed. On wide screens the choice is
 * remembered in this browser; on small screens the list is an overlay that starts closed.
 */
const KEY = 'nca.sidebar';
const WIDE = '(min-width: 48.0625em)';

class Sidebar {
	/** Wide screens: the remembered choice. */
	wideOpen = $state(true);
	/** Small screens: the overlay is showing. */
	narrowOpen = $state(false);
	wide = $state(true);

	get open(): boolean {
		return this.wide ? this.wideOpen : this.narrowOpen;
	}

	/** Reads the remembered choice and follows the screen width (call once in the browser). */
	start(): () => void {
		try {
			this.wideOpen = localStorage.getItem(KEY) !== 'closed';
		} catch {
			// Storage can be switched off; the list then starts open.
		}
		const query = window.matchMedia(WIDE);
		const follow = () => (this.wide = query.matches);
		follow();
		query.addEventListener('change', follow);
		return () => query.removeEventListener('change', follow);
	}

	set(open: boolean): void {
		if (!this.wide) {
			this.narrowOpen = open;
			return;
		}
		this.wideOpen = open;
		try {
			localStorage.setItem(KEY, open ? 'open' : 'closed');
		} catch {
			// Not remembered, but still works for this page.
		}
	}
}

export const sidebar = new Sidebar();
