import type { Cookies } from '@sveltejs/kit';
import { getConfig } from '../config';

const FLASH_COOKIE = 'corpus_flash';
const FLASH_PATH = '/admin/corpus';

/** A one-off confirmation shown on the next guidance library page (after a redirect). */
export function setFlash(cookies: Cookies, message: string): void {
	cookies.set(FLASH_COOKIE, message.slice(0, 500), {
		path: FLASH_PATH,
		httpOnly: true,
		sameSite: 'lax',
		secure: getConfig().auth.cookieSecure,
		maxAge: 60
	});
}

/** Reads and clears the confirmation, if any. */
export function takeFlash(cookies: Cookies): string | null {
	const message = cookies.get(FLASH_COOKIE);
	if (message === undefined) return null;
	cookies.delete(FLASH_COOKIE, { path: FLASH_PATH, secure: getConfig().auth.cookieSecure });
	return message || null;
}
