import { count, eq, lt } from 'drizzle-orm';
import { getDb } from '..';
import { chats, messages } from '../schema';

/**
 * Deletes chats whose last activity was before `cutoff` (their messages and feedback go with them by
 * cascade). Returns how many chats and messages were deleted.
 */
export async function deleteChatsInactiveSince(cutoff: Date): Promise<{ chats: number; messages: number }> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [counted] = await tx
			.select({ n: count() })
			.from(messages)
			.innerJoin(chats, eq(chats.id, messages.chatId))
			.where(lt(chats.updatedAt, cutoff));
		const deleted = await tx.delete(chats).where(lt(chats.updatedAt, cutoff)).returning({ id: chats.id });
		return { chats: deleted.length, messages: deleted.length ? (counted?.n ?? 0) : 0 };
	});
}
