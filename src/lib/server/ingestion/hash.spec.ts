import { describe, expect, it } from 'vitest';
import { contentHash } from './hash';

describe('contentHash', () => {
	it('is the SHA-256 of the raw bytes in hex', () => {
		expect(contentHash(new TextEncoder().encode('abc'))).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
	});

	it('changes when a single byte changes', () => {
		expect(contentHash(new Uint8Array([1, 2, 3]))).not.toBe(contentHash(new Uint8Array([1, 2, 4])));
	});
});
