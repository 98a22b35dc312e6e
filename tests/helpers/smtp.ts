/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that requires a user name and password
 * and keeps every message it accepts, so tests check what an NHS mail relay would receive.
 */
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { from: string; to: string[]; raw: string; user: string | undefined };

export type TestSmtp = {
	/** `smtp://user:pass@127.0.0.1:port`, for SMTP_URL. */
	url: string;
	messages: ReceivedMail[];
	/** Makes the server refuse the next messages (a relay that is down or rejects us). */
	refuse(on: boolean): void;
	stop(): Promise<void>;
};

export const SMTP_USER = 'relay-user';
export const SMTP_PASS = 'relay-pass-1234';

export async function startSmtp(): Promise<TestSmtp> {
	const messages: ReceivedMail[] = [];
	let refusing = false;
	const server = new SMTPServer({
		// Plain SMTP on loopback: the app may send without STARTTLS only to a relay on this machine.
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true,
		logger: false,
		onAuth(auth, _session, callback) {
			if (auth.username === SMTP_USER && auth.password === SMTP_PASS) callback(null, { user: auth.username });
			else callback(new Error('Invalid user name or password'));
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				if (refusing) {
					const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
					err.responseCode = 550;
					return callback(err);
				}
				messages.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(chunks).toString('utf8'),
					user: typeof session.user === 'string' ? session.user : undefined
				});
				callback();
			});
		}
	});
	const port = await new Promise<number>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.server.address();
			resolve(typeof address === 'object' && address ? address.port : 0);
		});
	});
	return {
		url: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${port}`,
		messages,
		refuse: (on) => (refusing = on),
		stop: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

/** The message body as text: quoted-printable soft breaks and escapes undone. */
export function mailText(raw: string): string {
	return raw
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The first link in a message that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): string | undefined {
	const text = mailText(mail.raw);
	const at = text.indexOf(prefix);
	return at === -1 ? undefined : text.slice(at).match(/^\S+/)?.[0];
}
