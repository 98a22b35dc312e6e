/** The process's secret box, from SECRETS_KEY; undefined when it is not set (secrets cannot be stored). */
import { getConfig } from '../config';
import { createSecretBox, type SecretBox } from './secret-box';

export { isEncryptedSecret, SecretDecryptError, type SecretBox } from './secret-box';

/** Said to an administrator who tries to store a key while SECRETS_KEY is unset. */
export const NO_SECRETS_KEY_MESSAGE =
	'API keys can only be saved encrypted, and SECRETS_KEY is not set. Ask whoever runs the service to set ' +
	'SECRETS_KEY to a random value of at least 32 characters (for example the output of `openssl rand -base64 32`) ' +
	'and restart it. Until then, a key can be given with the OPENAI_API_KEY or AZURE_OPENAI_API_KEY environment variables.';

let cached: { key: string; box: SecretBox } | undefined;
let override: { box: SecretBox | undefined } | undefined;

export function secretBox(): SecretBox | undefined {
	if (override) return override.box;
	const key = getConfig().secrets.key;
	if (!key) return undefined;
	if (cached?.key !== key) cached = { key, box: createSecretBox(key) };
	return cached.box;
}

/** Tests may run with their own SECRETS_KEY, or none (`null`); undefined restores the configuration. */
export function useSecretsKey(key: string | null | undefined): void {
	override = key === undefined ? undefined : { box: key === null ? undefined : createSecretBox(key) };
}
