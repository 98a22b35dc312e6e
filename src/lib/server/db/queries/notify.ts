import { databaseOpened, getDatabase } from '..';

/** LISTEN on a channel of the shared database; every instance (this one included) hears every NOTIFY. */
export async function listenChannel(
	channel: string,
	onMessage: (payload: string) => void
): Promise<() => Promise<void>> {
	return (await getDatabase()).listen(channel, onMessage);
}

/**
 * NOTIFY every instance listening on the channel. A process that has not opened the database (a unit
 * test of a pure module) has nobody to tell and opens nothing.
 */
export async function notifyChannel(channel: string, payload: string): Promise<void> {
	if (!databaseOpened()) return;
	await (await getDatabase()).notify(channel, payload);
}
