/**
 * Messages between the app instances that share one database, over PostgreSQL LISTEN/NOTIFY (on
 * PGlite, which is one process, its own listen API). Every instance hears every message, its own too,
 * so handlers must be idempotent. Used for "stop this answer" and cache invalidation.
 */
import { z } from 'zod';
import { listenChannel, notifyChannel } from '../db/queries/notify';
import { errorFields, logger } from '../observability/log';

export const CLUSTER_CHANNEL = 'nca_cluster';

const messageSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('stop-answer'), messageId: z.uuid() }),
	z.object({ type: z.literal('invalidate-cache'), cache: z.string().min(1).max(100) })
]);

export type ClusterMessage = z.infer<typeof messageSchema>;
type Handler = (message: ClusterMessage) => void;

const handlers = new Set<Handler>();
let unlisten: (() => Promise<void>) | undefined;

/** Handles every message from now on (registered at module load by the features that need it). */
export function onClusterMessage(handler: Handler): void {
	handlers.add(handler);
}

function deliver(payload: string): void {
	let message: ClusterMessage;
	try {
		message = messageSchema.parse(JSON.parse(payload));
	} catch {
		logger().warn('ignored a malformed cluster message');
		return;
	}
	for (const handler of handlers) {
		try {
			handler(message);
		} catch (e) {
			logger().error({ ...errorFields(e), type: message.type }, 'cluster message handler failed');
		}
	}
}

/** Starts listening (at start-up). */
export async function startClusterBus(): Promise<void> {
	if (!unlisten) unlisten = await listenChannel(CLUSTER_CHANNEL, deliver);
}

export async function stopClusterBus(): Promise<void> {
	const stop = unlisten;
	unlisten = undefined;
	await stop?.();
}

/** Sends a message to every instance, this one included. */
export async function publishClusterMessage(message: ClusterMessage): Promise<void> {
	await notifyChannel(CLUSTER_CHANNEL, JSON.stringify(message));
}
