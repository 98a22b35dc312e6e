/**
 * Attachments named in a turn (`attachmentIds`): each must be one of this person's files in this chat
 * (anything else is 404, as for any other person's thing), and with the guard in block mode a file
 * still holding personal data is refused until the person replaces it with placeholders.
 */
import { error, json } from '@sveltejs/kit';
import { countByKind, describeCounts, findPersonalData } from '$lib/governance/personal-data';
import { guardConfig } from '../chat/guard';
import { findAttachments, type AttachmentWithText } from '../db/queries/attachments';
import { insertGuardEvent } from '../db/queries/guard';

/** The attachments, in the order named; 404 when any is missing or not this person's in this chat. */
export async function attachmentsForTurn(
	chatId: string,
	userId: string,
	ids: string[] | undefined,
	errorId: string
): Promise<AttachmentWithText[]> {
	const unique = [...new Set(ids ?? [])];
	if (!unique.length) return [];
	const found = await findAttachments(chatId, unique, userId);
	if (found.length !== unique.length) error(404, { message: 'Attachment not found', errorId });
	return found;
}

/** A 422 response when the guard blocks and an attachment holds personal data; otherwise null. */
export async function blockedAttachments(
	userId: string,
	attachments: AttachmentWithText[],
	errorId: string
): Promise<Response | null> {
	if (!attachments.length) return null;
	const { mode, hospitalNumberPattern } = await guardConfig();
	if (mode !== 'block') return null;
	for (const file of attachments) {
		const findings = findPersonalData(file.text, { hospitalNumberPattern });
		if (!findings.length) continue;
		const counts = countByKind(findings) as Record<string, number>;
		await insertGuardEvent({ userId, counts, action: 'blocked' });
		return json(
			{
				message: `Your message was not sent because the attached file "${file.fileName}" contains personal data (${describeCounts(counts)}). Replace it with placeholders or remove the file, then send again.`,
				attachmentId: file.id,
				personalData: { total: findings.length, kinds: counts },
				mode,
				errorId
			},
			{ status: 422 }
		);
	}
	return null;
}
