import { createHash } from 'node:crypto';

/** SHA-256 of the raw upload, hex encoded: the same bytes always give the same hash, so re-uploads are spotted. */
export function contentHash(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}
