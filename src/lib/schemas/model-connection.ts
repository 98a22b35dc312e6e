/** Admin › Models: the connection form, the model choices, and what the page shows (never a key). */
import { z } from 'zod';

export const CONNECTION_KINDS = ['openai-compatible', 'openai', 'azure'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const CONNECTION_KIND_LABELS: Record<ConnectionKind, string> = {
	'openai-compatible': 'OpenAI-compatible server (Ollama, vLLM, LM Studio…)',
	openai: 'OpenAI',
	azure: 'Azure OpenAI'
};

/** Model ids and Azure deployment names, as CHAT_MODELS accepts them. */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9._:/@-]{1,200}$/;

const httpUrl = (what: string, example: string) =>
	z
		.string()
		.trim()
		.min(1, `Enter the ${what}, for example ${example}`)
		.max(500, `The ${what} must be 500 characters or fewer`)
		.refine(
			(v) => {
				try {
					const url = new URL(v);
					return ['http:', 'https:'].includes(url.protocol) && !url.username && !url.password;
				} catch {
					return false;
				}
			},
			{
				message: `Enter the ${what} as an http or https address without a user name or password, for example ${example}`
			}
		)
		.transform((v) => v.replace(/\/+$/, ''));

export const deploymentsSchema = z
	.string()
	.trim()
	.min(1, 'Enter the names of your deployments, separated by commas')
	.transform((v) =>
		v
			.split(',')
			.map((d) => d.trim())
			.filter(Boolean)
	)
	.refine((list) => list.every((d) => MODEL_ID_PATTERN.test(d)), {
		message: 'Deployment names are letters, digits and . _ : / @ -, separated by commas'
	})
	.refine((list) => list.length <= 50, { message: 'Enter 50 deployments or fewer' });

const apiKey = z
	.string()
	.trim()
	.max(500, 'The API key must be 500 characters or fewer')
	.refine((v) => !/\s/.test(v), { message: 'The API key must not contain spaces' })
	.optional()
	.transform((v) => (v ? v : undefined));

/** The connection form: the fields that apply to the kind chosen (environment-set fields are not posted). */
export const connectionFormSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('openai-compatible'),
		baseUrl: httpUrl('base URL', 'http://localhost:11434/v1'),
		apiKey
	}),
	z.object({ kind: z.literal('openai'), apiKey }),
	z.object({
		kind: z.literal('azure'),
		endpoint: httpUrl('endpoint', 'https://your-resource.openai.azure.com'),
		apiVersion: z
			.string()
			.trim()
			.regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'Enter the API version as a date, for example 2024-10-21'),
		deployments: deploymentsSchema,
		apiKey
	})
]);
export type ConnectionForm = z.output<typeof connectionFormSchema>;

export const modelChoiceSchema = z.object({
	id: z.string().regex(MODEL_ID_PATTERN, 'Model names are letters, digits and . _ : / @ -'),
	label: z.string().trim().max(80, 'Labels must be 80 characters or fewer')
});

/** A value on the page and, when the environment sets it, the variable that does (read-only there). */
export type SourcedValue = { value: string | null; env: string | null };

export type ModelsPageView = {
	/** SECRETS_KEY is set, so keys can be saved. */
	canStoreKeys: boolean;
	/** A connection has been saved on this screen. */
	saved: boolean;
	kind: { value: ConnectionKind; env: string | null };
	baseUrl: SourcedValue;
	endpoint: SourcedValue;
	apiVersion: SourcedValue;
	/** Never the key: only whether one is in use and where it comes from. */
	apiKey: {
		saved: boolean;
		unreadable: boolean;
		env: string | null;
		/** The variable that supplies the key for each family of kinds, when set. */
		envFor: { openai: string | null; azure: string | null };
	};
	/** The models people may choose, the default first; `env` is CHAT_MODELS when it sets them. */
	models: { chosen: { id: string; label: string }[]; defaultModel: string | null; env: string | null };
	/** What is in use now, after the environment and this screen are merged. */
	ready: boolean;
};

/** Events of the streamed connection test (`POST /api/admin/models/test`). */
export type ConnectionTestEvent =
	| { type: 'models'; models: string[] }
	| { type: 'model'; model: string }
	| { type: 'text'; text: string }
	| { type: 'error'; message: string }
	| { type: 'done'; ok: boolean };

/** The outcome of a test, as the page shows it (also the result of the plain form post). */
export type ConnectionTestResult = {
	models: string[];
	model: string | null;
	reply: string;
	error: string | null;
	ok: boolean;
};

/** The embedding model: the built-in local embedder, or a connection of one of the kinds above. */
export const EMBEDDING_KINDS = ['local', ...CONNECTION_KINDS] as const;
export type EmbeddingKind = (typeof EMBEDDING_KINDS)[number];

export const EMBEDDING_KIND_LABELS: Record<EmbeddingKind, string> = {
	local: 'Built-in local embedder (no network, lower quality)',
	'openai-compatible': 'An OpenAI-compatible embedding server (Ollama, vLLM, LM Studio…)',
	openai: 'OpenAI embeddings',
	azure: 'An Azure OpenAI embeddings deployment'
};

const embeddingModel = (what: string) =>
	z
		.string()
		.trim()
		.min(1, `Enter the ${what}`)
		.regex(MODEL_ID_PATTERN, 'Model names are letters, digits and . _ : / @ -');

/** The embedding form (field names carry an `emb` prefix so they do not clash with the chat form's). */
export const embeddingFormSchema = z.discriminatedUnion('embKind', [
	z.object({ embKind: z.literal('local') }),
	z.object({
		embKind: z.literal('openai-compatible'),
		embBaseUrl: httpUrl('base URL', 'http://localhost:11434/v1'),
		embModel: embeddingModel('name of the embedding model, for example nomic-embed-text'),
		embApiKey: apiKey
	}),
	z.object({
		embKind: z.literal('openai'),
		embModel: embeddingModel('name of the embedding model, for example text-embedding-3-small'),
		embApiKey: apiKey
	}),
	z.object({
		embKind: z.literal('azure'),
		embEndpoint: httpUrl('endpoint', 'https://your-resource.openai.azure.com'),
		embApiVersion: z
			.string()
			.trim()
			.regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'Enter the API version as a date, for example 2024-10-21'),
		embModel: embeddingModel('name of the embeddings deployment'),
		embApiKey: apiKey
	})
]);

/** What the embedding section shows: values with their source; never a key. */
export type EmbeddingsView = {
	canStoreKeys: boolean;
	saved: boolean;
	kind: { value: EmbeddingKind; env: string | null };
	baseUrl: SourcedValue;
	endpoint: SourcedValue;
	apiVersion: SourcedValue;
	model: SourcedValue;
	apiKey: ModelsPageView['apiKey'];
	/** The embedder in use, e.g. `openai:text-embedding-3-small:1536`; null when it cannot be built now. */
	inUse: string | null;
	/** Why the embedder cannot be built, when it cannot. */
	problem: string | null;
	/** Passages (guidance and attachments) whose vectors came from another model; null when unknown. */
	stale: number | null;
	/** A re-embedding job queued or running now. */
	job: { id: string } | null;
};

/** The outcome of the embedding "Test connection". */
export type EmbeddingTestResult = {
	ok: boolean;
	model: string | null;
	dimensions: number | null;
	error: string | null;
};

/** GET /api/admin/jobs/[id], as the re-embedding progress reads it. */
export type JobProgress = { id: string; status: string; progress: number; total: number | null };
