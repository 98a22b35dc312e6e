import type { ChatSource } from '$lib/schemas/chat';

/** Where a passage comes from, as people know it: the collection's name (its slug on old answers), or the file. */
export function sourceCollection(source: ChatSource): string {
	if (source.attachmentId) return `Your file ${source.fileName ?? source.documentTitle}`;
	return source.collectionName || source.collection || 'Guidance library';
}
