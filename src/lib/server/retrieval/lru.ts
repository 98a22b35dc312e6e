/**
 * A small least-recently-used map: reading an entry makes it the newest, and adding one past `limit`
 * drops the oldest. A Map keeps insertion order, so the oldest entry is always its first key.
 */
export class LruCache<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(readonly limit: number) {
		if (!(limit >= 1)) throw new Error('An LRU cache must hold at least one entry');
	}

	get size(): number {
		return this.entries.size;
	}

	get(key: K): V | undefined {
		const value = this.entries.get(key);
		if (value === undefined) return undefined;
		this.entries.delete(key);
		this.entries.set(key, value);
		return value;
	}

	set(key: K, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
	}

	delete(key: K): void {
		this.entries.delete(key);
	}

	clear(): void {
		this.entries.clear();
	}
}
