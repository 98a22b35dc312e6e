/**
 * After an action that opens another page, focus its main heading rather than leave it on the page
 * body (where SvelteKit puts it after a navigation): screen reader users hear where they are, and the
 * next Tab starts from the top of the content.
 */
export function focusMainHeading(): void {
	const heading = document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('h1');
	if (!heading) return;
	if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
	heading.focus();
}
