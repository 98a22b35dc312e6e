/** The acceptable-use statement: what an admin publishes and what a person accepts. */
import { z } from 'zod';

export const MAX_ACCEPTABLE_USE_CHARS = 20_000;

export const acceptableUseTextSchema = z
	.string({ error: 'Enter the acceptable-use statement' })
	.refine((v) => v.trim().length > 0, 'Enter the acceptable-use statement: it cannot be empty')
	.refine(
		(v) => v.length <= MAX_ACCEPTABLE_USE_CHARS,
		`The statement must be ${MAX_ACCEPTABLE_USE_CHARS.toLocaleString('en-GB')} characters or fewer`
	)
	.transform((v) => v.trim().replace(/\r\n?/g, '\n'));

export const acceptSchema = z.object({
	version: z.coerce
		.number({ error: 'version must be the number of the statement you read' })
		.int('version must be the number of the statement you read')
		.positive('version must be the number of the statement you read')
});

export type AcceptableUseView = { version: number; text: string; publishedAt: string };

/** The page where a person reads and accepts the statement. */
export const ACCEPTABLE_USE_PATH = '/acceptable-use';
