import { assertBuilt } from './server';

/** Fails the whole run at once, with the fix in the message, when there is no build to test. */
export default function setup(): void {
	assertBuilt();
}
