/**
 * Email, only when SMTP_URL and SMTP_FROM are set: nothing in the product needs it. Used to send the
 * one-time links an administrator issues; when it is off or a send fails the link is shown instead.
 * Credentials stay inside the transport: they are never logged or shown.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { getConfig } from '../config';
import { logger } from '../observability/log';

export type MailMessage = { to: string; subject: string; text: string };
export type MailResult = { sent: true } | { sent: false; reason: 'off' | 'failed' };

let transport: { url: string; transporter: Transporter } | undefined;

function isLoopback(host: string): boolean {
	return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}

function transporterFor(url: string): Transporter {
	if (transport?.url === url) return transport.transporter;
	const { protocol, hostname } = new URL(url);
	const transporter = nodemailer.createTransport({
		url,
		// Plain smtp:// must upgrade with STARTTLS before a password or a link crosses the network;
		// only a relay on this machine may be spoken to in the clear.
		requireTLS: protocol === 'smtp:' && !isLoopback(hostname),
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 20_000
	});
	transport = { url, transporter };
	return transporter;
}

/** Whether links are emailed (SMTP_URL and SMTP_FROM set). */
export function mailEnabled(): boolean {
	return Boolean(getConfig().mail);
}

/** Sends one plain-text message; never throws. Failures are logged by kind only (no addresses). */
export async function sendMail(message: MailMessage): Promise<MailResult> {
	const mail = getConfig().mail;
	if (!mail) return { sent: false, reason: 'off' };
	try {
		await transporterFor(mail.url).sendMail({ from: mail.from, ...message });
		return { sent: true };
	} catch (e) {
		const err = e as { code?: string; responseCode?: number };
		logger().warn({ code: err.code ?? 'unknown', responseCode: err.responseCode }, 'email could not be sent');
		return { sent: false, reason: 'failed' };
	}
}
