/** Document metadata that a Markdown file may carry in a leading `---` block. */
export type FrontMatter = {
	title?: string;
	collection?: string;
	sourceUrl?: string;
	owner?: string;
	reviewBy?: string;
};

const KEYS: Record<string, keyof FrontMatter> = {
	title: 'title',
	collection: 'collection',
	source_url: 'sourceUrl',
	source: 'sourceUrl',
	owner: 'owner',
	review_by: 'reviewBy'
};

/** Reads simple `key: value` front matter; anything else in the block is ignored. */
export function readFrontMatter(bytes: Uint8Array): FrontMatter {
	const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 8192)).replace(/^\uFEFF/, '');
	const match = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(head);
	if (!match) return {};
	const out: FrontMatter = {};
	for (const line of match[1].split(/\r?\n/)) {
		const kv = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(line);
		if (!kv) continue;
		const key = KEYS[kv[1].toLowerCase()];
		const value = kv[2].trim().replace(/^(['"])(.*)\1$/, '$2');
		if (key && value) out[key] = value;
	}
	return out;
}

/** A stable, URL-safe name from a file name or title. */
export function slugify(value: string): string {
	return (
		value
			.toLowerCase()
			.replace(/\.[a-z0-9]{1,5}$/, '')
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 80) || 'document'
	);
}
