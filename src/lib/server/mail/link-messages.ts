/** The emails that carry one-time links: plain text, short, and saying what to do if unexpected. */
import { formatDateTime } from '$lib/utils/dates';
import type { MailMessage } from './mailer';

const SIGN_OFF = 'If you did not expect this email, do not use the link: tell your administrator.\n\nNHS Comms Assist';

export function resetLinkMessage(to: { email: string; name: string }, url: string, expiresAt: Date): MailMessage {
	const firstName = to.name.split(/\s+/)[0];
	return {
		to: to.email,
		subject: 'Choose a new password for NHS Comms Assist',
		text:
			`Hello ${firstName},\n\nAn administrator has made a link for you to choose a new password for NHS Comms Assist. ` +
			`It works once, until ${formatDateTime(expiresAt.toISOString())} (UTC):\n\n${url}\n\n` +
			`Using it signs you out on every device.\n\n${SIGN_OFF}\n`
	};
}

export function invitationMessage(
	email: string,
	role: 'admin' | 'member',
	url: string,
	expiresAt: Date,
	invitedBy: string
): MailMessage {
	const as = role === 'admin' ? ' as an administrator' : '';
	return {
		to: email,
		subject: 'You are invited to NHS Comms Assist',
		text:
			`Hello,\n\n${invitedBy} has invited you to NHS Comms Assist${as}, the AI workspace for NHS communications teams.\n\n` +
			`Open this link to create your account. It works once, until ${formatDateTime(expiresAt.toISOString())} (UTC):\n\n` +
			`${url}\n\n${SIGN_OFF}\n`
	};
}
