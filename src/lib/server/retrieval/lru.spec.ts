import { describe, expect, it } from 'vitest';
import { LruCache } from './lru';

describe('LruCache', () => {
	it('drops the least recently used entry when full', () => {
		const cache = new LruCache<string, number>(2);
		cache.set('a', 1);
		cache.set('b', 2);
		expect(cache.get('a')).toBe(1); // 'b' is now the oldest
		cache.set('c', 3);
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBe(1);
		expect(cache.get('c')).toBe(3);
		expect(cache.size).toBe(2);
	});

	it('replacing a value makes it the newest and never grows past the limit', () => {
		const cache = new LruCache<string, number>(2);
		cache.set('a', 1);
		cache.set('b', 2);
		cache.set('a', 10);
		cache.set('c', 3);
		expect(cache.get('a')).toBe(10);
		expect(cache.get('b')).toBeUndefined();
		cache.delete('a');
		expect(cache.size).toBe(1);
		cache.clear();
		expect(cache.size).toBe(0);
	});

	it('refuses a limit below one', () => {
		expect(() => new LruCache(0)).toThrow(/at least one/);
	});
});
