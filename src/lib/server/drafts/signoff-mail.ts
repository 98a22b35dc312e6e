/**
 * Tells reviewers they have been asked, by email when SMTP is configured. Sent in the background: a
 * slow or failed email never holds up or fails the request (the draft is on their /drafts page anyway).
 */
import type { SessionUser } from '$lib/schemas/user';
import type { ReviewPerson } from '../db/queries/draft-reviews';
import type { Draft } from '../db/schema';
import { mailEnabled, sendMail, type MailMessage } from '../mail/mailer';
import { logger } from '../observability/log';

/** The email one reviewer gets: who asked, which version, the link, and the author's note. */
export function reviewRequestMessage(input: {
	draft: Pick<Draft, 'id' | 'title' | 'version'>;
	author: Pick<SessionUser, 'name'>;
	reviewer: ReviewPerson;
	message: string | null;
	origin: string;
}): MailMessage {
	const { draft, author, reviewer, message, origin } = input;
	const firstName = reviewer.name.split(/\s+/)[0];
	const note = message ? `\n\nTheir message:\n${message}` : '';
	return {
		to: reviewer.email,
		subject: `Please review: ${draft.title}`,
		text:
			`Hello ${firstName},\n\n${author.name} has asked you to review "${draft.title}" (version ${draft.version}) ` +
			`in NHS Comms Assist.${note}\n\nRead it, comment and approve it or ask for changes here:\n\n` +
			`${origin}/drafts/${draft.id}\n\nNHS Comms Assist\n`
	};
}

export function notifyReviewers(input: {
	draft: Draft;
	author: SessionUser;
	reviewers: ReviewPerson[];
	message: string | null;
	origin: string;
}): void {
	if (!mailEnabled()) return;
	const sends = input.reviewers.map((reviewer) => sendMail(reviewRequestMessage({ ...input, reviewer })));
	void Promise.allSettled(sends).then((results) => {
		const failed = results.filter((r) => r.status === 'rejected' || !r.value.sent).length;
		if (failed) logger().warn({ failed, total: results.length }, 'review request emails not all sent');
	});
}
