/** Moving around a page the way a keyboard user does: Tab until the wanted control has focus. */
import type { Locator, Page } from 'playwright-core';

/** Presses Tab until `target` has focus; fails if it is not reached within `maxPresses`. */
export async function tabTo(page: Page, target: Locator, maxPresses = 30): Promise<void> {
	const element = await target.elementHandle();
	for (let i = 0; i < maxPresses; i++) {
		await page.keyboard.press('Tab');
		if (await element.evaluate((el) => el === document.activeElement)) return;
	}
	const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
	throw new Error(`Could not reach ${target} with ${maxPresses} presses of Tab; focus is on ${focused}`);
}

/** A short description of the focused element, for assertions and failure messages. */
export function focusedElement(page: Page): Promise<{ tag: string; id: string; text: string; href: string | null }> {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		return {
			tag: el?.tagName.toLowerCase() ?? '',
			id: el?.id ?? '',
			text: (el?.textContent ?? '').trim(),
			href: el?.getAttribute('href') ?? null
		};
	});
}
