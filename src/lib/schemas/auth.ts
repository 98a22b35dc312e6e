import { z } from 'zod';

export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 100;
/** Matches the server's limit; bytes are checked again on the server before hashing. */
export const PASSWORD_MAX_LENGTH = 1024;

const email = z
	.string({ error: 'Enter your email address' })
	.trim()
	.min(1, 'Enter your email address')
	.max(EMAIL_MAX_LENGTH, `Email address must be ${EMAIL_MAX_LENGTH} characters or fewer`)
	.pipe(z.email({ error: 'Enter an email address in the correct format, like name@nhs.net' }))
	.transform((v) => v.toLowerCase());

export const signInSchema = z.object({
	email,
	password: z
		.string({ error: 'Enter your password' })
		.min(1, 'Enter your password')
		.max(PASSWORD_MAX_LENGTH, `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`)
});

export const signUpSchema = z.object({
	name: z
		.string({ error: 'Enter your full name' })
		.trim()
		.min(1, 'Enter your full name')
		.max(NAME_MAX_LENGTH, `Name must be ${NAME_MAX_LENGTH} characters or fewer`),
	email,
	password: z
		.string({ error: 'Enter a password' })
		.min(1, 'Enter a password')
		.max(PASSWORD_MAX_LENGTH, `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`)
});

export type FieldErrors = Record<string, string>;

/** The first message for each field, keyed by field name, in form order. */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? 'form');
		out[key] ??= issue.message;
	}
	return out;
}

/** Reads named string fields from FormData; anything that is not a string (a file) is treated as missing. */
export function formFields<K extends string>(form: FormData, names: readonly K[]): Record<K, string | undefined> {
	const out = {} as Record<K, string | undefined>;
	for (const name of names) {
		const value = form.get(name);
		out[name] = typeof value === 'string' ? value : undefined;
	}
	return out;
}
