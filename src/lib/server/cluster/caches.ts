/**
 * Caches whose staleness would be wrong rather than slow (the acceptable-use version, draft-check
 * rules, keyword statistics) are dropped on every instance when one of them changes the data.
 */
import { errorFields, logger } from '../observability/log';
import { onClusterMessage, publishClusterMessage } from './bus';

const drops = new Map<string, () => void>();

onClusterMessage((message) => {
	if (message.type === 'invalidate-cache') drops.get(message.cache)?.();
});

/**
 * Registers a cache by name; returns its invalidate function, which drops this instance's copy at once
 * and tells the other instances to drop theirs.
 */
export function sharedCache(name: string, drop: () => void): () => void {
	drops.set(name, drop);
	return () => {
		drop();
		publishClusterMessage({ type: 'invalidate-cache', cache: name }).catch((e) =>
			logger().warn({ ...errorFields(e), cache: name }, 'could not tell the other instances to drop a cache')
		);
	};
}
