/**
 * TOTP keys at rest: encrypted with SECRETS_KEY when it is set, bound to their account (a key copied
 * to another row does not decrypt). Keys saved before SECRETS_KEY was set are plaintext base32; they
 * are still read, and `encryptLegacyTotpKeys` (run at start-up) encrypts them in place.
 */
import { listPlaintextTotpKeys, replaceTotpKey } from '../db/queries/auth';
import { errorFields, logger } from '../observability/log';
import { isEncryptedSecret, secretBox, SecretDecryptError } from '../secrets';

const context = (userId: string) => `user_totp.key:${userId}`;

/** The form to store: encrypted when SECRETS_KEY is set, else the base32 key as before. */
export function sealTotpKey(secret: string, userId: string): string {
	const box = secretBox();
	return box ? box.encrypt(secret, context(userId)) : secret;
}

/**
 * The base32 key from its stored form; undefined when it is encrypted and cannot be decrypted (SECRETS_KEY
 * removed or changed), so codes fail and the person signs in with a recovery code instead.
 */
export function openTotpKey(stored: string, userId: string): string | undefined {
	if (!isEncryptedSecret(stored)) return stored;
	const box = secretBox();
	if (!box) {
		logger().error({ userId }, 'a TOTP key is encrypted but SECRETS_KEY is not set; codes cannot be checked');
		return undefined;
	}
	try {
		return box.decrypt(stored, context(userId));
	} catch (e) {
		if (!(e instanceof SecretDecryptError)) throw e;
		logger().error({ userId, ...errorFields(e) }, 'a TOTP key cannot be decrypted with the current SECRETS_KEY');
		return undefined;
	}
}

/** Encrypts every plaintext TOTP key in place (when SECRETS_KEY is set); returns how many. */
export async function encryptLegacyTotpKeys(): Promise<number> {
	const box = secretBox();
	if (!box) return 0;
	let done = 0;
	for (const row of await listPlaintextTotpKeys()) {
		if (isEncryptedSecret(row.key)) continue;
		// Compare-and-set: another instance doing the same, or a new enrolment, wins without harm.
		if (await replaceTotpKey(row.userId, row.key, box.encrypt(row.key, context(row.userId)))) done += 1;
	}
	return done;
}
