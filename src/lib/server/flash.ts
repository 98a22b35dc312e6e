import type { Cookies } from '@sveltejs/kit';
import { getConfig } from './config';

const FLASH_COOKIE = 'app_flash';

/**
 * A one-off confirmation shown on the next page under `path` (after a redirect), e.g. "Mo was removed".
 * Kept short and never holds anything but the message the person is about to see.
 */
export function setFlash(cookies: Cookies, path: string, message: string): void {
	cookies.set(FLASH_COOKIE, message.slice(0, 500), {
		path,
		httpOnly: true,
		sameSite: 'lax',
		secure: getConfig().auth.cookieSecure,
		maxAge: 60
	});
}

/** Reads and clears the confirmation for `path`, if any. */
export function takeFlash(cookies: Cookies, path: string): string | null {
	const message = cookies.get(FLASH_COOKIE);
	if (message === undefined) return null;
	cookies.delete(FLASH_COOKIE, { path, secure: getConfig().auth.cookieSecure });
	return message || null;
}
