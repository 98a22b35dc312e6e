/**
 * The only module that reads environment variables (fence 1 in ARCHITECTURE.md).
 * Values are parsed with zod once; a bad value stops start-up with a message naming the variable.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { SECRETS_KEY_MIN_LENGTH } from './secrets/secret-box';

const booleanString = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'], {
		error: 'must be true or false'
	})
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
	.string()
	.trim()
	.optional()
	.transform((v) => (v ? v : undefined));

const optionalUrl = optionalString.refine(
	(v) => {
		if (v === undefined) return true;
		try {
			return ['http:', 'https:'].includes(new URL(v).protocol);
		} catch {
			return false;
		}
	},
	{ message: 'must be an http(s) URL such as https://example.openai.azure.com' }
);

/** An SMTP server to send links by email: smtp:// (STARTTLS when offered) or smtps:// (TLS from the start). */
const smtpUrl = optionalString.refine(
	(v) => {
		if (v === undefined) return true;
		try {
			const u = new URL(v);
			return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && Boolean(u.hostname);
		} catch {
			return false;
		}
	},
	{ message: 'must be an smtp:// or smtps:// URL such as smtp://user:password@smtp.example.nhs.uk:587' }
);

const mailAddress = /^[^\s<>@,;]+@[^\s<>@,;]+\.[^\s<>@,;]+$/;
/** The sender: an address, or a display name and an address in angle brackets. */
const mailFrom = optionalString.refine(
	(v) => {
		if (v === undefined) return true;
		if (/[\r\n]/.test(v)) return false;
		const named = v.match(/^[^<>"]*<([^<>]+)>$/) ?? v.match(/^"[^"]*"\s*<([^<>]+)>$/);
		return mailAddress.test(named ? named[1] : v);
	},
	{ message: 'must be an email address, or a name and address such as NHS Comms Assist <comms-assist@example.nhs.uk>' }
);

/** One entry of CHAT_MODELS: `id` or `id=Label`. Model ids (or Azure deployment names) never contain `=` or `,`. */
const chatModelsList = z
	.string()
	.optional()
	.transform((v) =>
		(v ?? '')
			.split(',')
			.map((entry) => entry.trim())
			.filter(Boolean)
			.map((entry) => {
				const at = entry.indexOf('=');
				const id = (at === -1 ? entry : entry.slice(0, at)).trim();
				const label = (at === -1 ? '' : entry.slice(at + 1)).trim();
				return { id, label: label || id };
			})
	)
	.refine((list) => list.every((m) => /^[A-Za-z0-9._:/@-]+$/.test(m.id)), {
		message: 'must be a comma-separated list of model ids, each optionally with a label: gpt-4o-mini=GPT-4o mini,gpt-4o'
	})
	.refine((list) => new Set(list.map((m) => m.id)).size === list.length, { message: 'lists the same model twice' });

/** Comma-separated values, trimmed, empty entries dropped. */
const commaList = z
	.string()
	.optional()
	.transform((v) =>
		(v ?? '')
			.split(',')
			.map((entry) => entry.trim())
			.filter(Boolean)
	);

/** `group=Team name` pairs, comma-separated. Group ids and names never contain `=` or `,`. */
const teamGroupsList = commaList
	.refine((list) => list.every((entry) => /^[^=]+=.+$/.test(entry)), {
		message: 'must be comma-separated group=Team name pairs, for example 1b2c...=Communications,Press office=Press'
	})
	.transform((list) =>
		list.map((entry) => {
			const at = entry.indexOf('=');
			return { group: entry.slice(0, at).trim(), team: entry.slice(at + 1).trim() };
		})
	);

/** An OpenID Connect issuer: https, or plain http on this machine only (local testing). */
const issuerUrl = optionalString.refine(
	(v) => {
		if (v === undefined) return true;
		try {
			const url = new URL(v);
			return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
		} catch {
			return false;
		}
	},
	{ message: 'must be an https URL such as https://login.microsoftonline.com/<tenant id>/v2.0' }
);

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const emailDomain = /^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/;

const envSchema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	DATABASE_URL: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : undefined))
		.refine((v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(v), {
			message: 'must be a PostgreSQL connection string such as postgres://user:password@host:5432/dbname',
			abort: true
		})
		.refine(
			(v) => {
				if (v === undefined) return true;
				try {
					new URL(v);
					return true;
				} catch {
					return false;
				}
			},
			{ message: 'is not a valid URL (check for unescaped characters in the password)' }
		),
	DATABASE_POOL_MAX: z.coerce
		.number({ error: 'must be a whole number' })
		.int('must be a whole number')
		.min(1, 'must be at least 1')
		.max(200, 'must be at most 200')
		.default(10),
	DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
	JOB_STALE_SECONDS: z.coerce
		.number({ error: 'must be a whole number of seconds' })
		.int('must be a whole number of seconds')
		.min(2, 'must be at least 2')
		.max(3600, 'must be at most 3600')
		.default(60),
	SECRETS_KEY: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : undefined))
		.refine((v) => v === undefined || (v.length >= SECRETS_KEY_MIN_LENGTH && !/\s/.test(v)), {
			message: `must be a random value of at least ${SECRETS_KEY_MIN_LENGTH} characters without spaces; generate one with: openssl rand -base64 32`
		}),
	METRICS_TOKEN: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : undefined))
		.refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters' }),
	LOG_LEVEL: z
		.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], {
			error: 'must be one of fatal, error, warn, info, debug, silent'
		})
		.default('info'),
	SHUTDOWN_GRACE_SECONDS: z.coerce
		.number({ error: 'must be a number of seconds' })
		.min(0, 'must be at least 0')
		.max(600, 'must be at most 600')
		.default(10),
	ALLOWED_EMAIL_DOMAINS: z
		.string()
		.optional()
		.transform((v) =>
			(v ?? '')
				.split(',')
				.map((d) => d.trim().toLowerCase().replace(/^@/, ''))
				.filter(Boolean)
		)
		.refine((list) => list.every((d) => emailDomain.test(d)), {
			message: 'must be a comma-separated list of domains such as nhs.net,example.nhs.uk'
		}),
	SIGN_UP_ENABLED: booleanString.default(true),
	PASSWORD_SIGN_IN: booleanString.default(true),
	ORIGIN: optionalUrl,
	OIDC_ISSUER: issuerUrl,
	OIDC_CLIENT_ID: optionalString,
	OIDC_CLIENT_SECRET: optionalString,
	OIDC_SCOPES: z
		.string()
		.optional()
		.transform((v) => (v ?? '').split(/\s+/).filter(Boolean))
		.transform((list) => (list.length ? list : ['openid', 'email', 'profile']))
		.refine((list) => list.includes('openid'), { message: 'must include openid' }),
	OIDC_GROUPS_CLAIM: z.string().trim().min(1, 'must not be empty').default('groups'),
	OIDC_ADMIN_GROUPS: commaList,
	OIDC_ALLOWED_GROUPS: commaList,
	OIDC_TEAM_GROUPS: teamGroupsList,
	OIDC_LABEL: z.string().trim().min(1, 'must not be empty').max(100, 'must be 100 characters or fewer').optional(),
	SMTP_URL: smtpUrl,
	SMTP_FROM: mailFrom,
	COOKIE_SECURE: booleanString.optional(),
	MAX_UPLOAD_MB: z.coerce
		.number({ error: 'must be a number of megabytes' })
		.positive('must be more than 0')
		.max(500, 'must be 500 or less')
		.default(20),
	MAX_ATTACHMENT_MB: z.coerce
		.number({ error: 'must be a number of megabytes' })
		.positive('must be more than 0')
		.max(200, 'must be 200 or less')
		.default(20),
	ANALYSIS_CONCURRENCY: z.coerce
		.number({ error: 'must be a whole number' })
		.int('must be a whole number')
		.min(1, 'must be at least 1')
		.max(32, 'must be at most 32')
		.default(4),
	SEED_SAMPLE_CORPUS: booleanString.default(true),
	// Empty counts as unset: the embedding model is then chosen on Admin › Models (else local).
	EMBEDDINGS_PROVIDER: z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		z.enum(['local', 'openai', 'azure'], { error: 'must be local, openai or azure' }).optional()
	),
	EMBEDDINGS_MODEL: optionalString,
	EMBEDDINGS_CACHE_DIR: optionalString,
	EMBEDDINGS_DIMENSIONS: z.coerce
		.number({ error: 'must be a whole number' })
		.int('must be a whole number')
		.min(1, 'must be at least 1')
		.max(1024, 'must be 1024 or less (the width of the embedding column)')
		.optional(),
	OPENAI_API_KEY: optionalString,
	OPENAI_BASE_URL: optionalUrl,
	AZURE_OPENAI_API_KEY: optionalString,
	AZURE_OPENAI_ENDPOINT: optionalUrl,
	AZURE_OPENAI_API_VERSION: optionalString,
	CHAT_PROVIDER: z.enum(['openai', 'azure'], { error: 'must be openai or azure' }).optional(),
	CHAT_MODELS: chatModelsList,
	CHAT_CONTEXT_TOKENS: z.coerce
		.number({ error: 'must be a whole number of tokens' })
		.int('must be a whole number of tokens')
		.min(2000, 'must be at least 2000')
		.max(10_000_000, 'must be at most 10000000')
		.default(128_000),
	CHAT_TIMEOUT_SECONDS: z.coerce
		.number({ error: 'must be a number of seconds' })
		.positive('must be more than 0')
		.max(3600, 'must be 3600 or less')
		.default(60),
	RETENTION_DAYS: z.coerce
		.number({ error: 'must be a whole number of days, for example 365' })
		.int('must be a whole number of days, for example 365')
		.min(1, 'must be at least 1 day')
		.max(3650, 'must be 3650 days (10 years) or fewer')
		.default(365)
});

type ParsedEnv = z.infer<typeof envSchema>;

/** Azure only when it is the one provider configured; OpenAI (or a compatible server) otherwise. */
function chatProvider(env: ParsedEnv): 'openai' | 'azure' {
	if (env.CHAT_PROVIDER) return env.CHAT_PROVIDER;
	return env.AZURE_OPENAI_ENDPOINT && !env.OPENAI_BASE_URL && !env.OPENAI_API_KEY ? 'azure' : 'openai';
}

function requireFor(env: ParsedEnv): string[] {
	const problems: string[] = [];
	if (env.CHAT_MODELS.length > 0 && chatProvider(env) === 'openai' && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
		problems.push(
			'  - OPENAI_API_KEY is required for the CHAT_MODELS (or set OPENAI_BASE_URL for a local OpenAI-compatible server)'
		);
	}
	if (env.CHAT_MODELS.length > 0 && chatProvider(env) === 'azure') {
		for (const name of ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_VERSION'] as const) {
			if (!env[name]) problems.push(`  - ${name} is required when the CHAT_MODELS are Azure OpenAI deployments`);
		}
	}
	if (env.EMBEDDINGS_PROVIDER === 'openai' && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
		problems.push(
			'  - OPENAI_API_KEY is required when EMBEDDINGS_PROVIDER=openai (or set OPENAI_BASE_URL for a local OpenAI-compatible server)'
		);
	}
	if (env.EMBEDDINGS_PROVIDER === 'azure') {
		for (const name of ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_VERSION'] as const) {
			if (!env[name]) problems.push(`  - ${name} is required when EMBEDDINGS_PROVIDER=azure`);
		}
		if (!env.EMBEDDINGS_MODEL) {
			problems.push('  - EMBEDDINGS_MODEL (the Azure deployment name) is required when EMBEDDINGS_PROVIDER=azure');
		}
	}
	problems.push(...oidcProblems(env));
	if (env.SMTP_URL && !env.SMTP_FROM) {
		problems.push('  - SMTP_FROM (the sender address) is required when SMTP_URL is set');
	}
	if (env.SMTP_FROM && !env.SMTP_URL) {
		problems.push('  - SMTP_URL is required when SMTP_FROM is set: links are emailed only when both are set');
	}
	return problems;
}

function oidcProblems(env: ParsedEnv): string[] {
	const problems: string[] = [];
	const any = env.OIDC_ISSUER || env.OIDC_CLIENT_ID || env.OIDC_CLIENT_SECRET;
	if (any) {
		for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'ORIGIN'] as const) {
			if (!env[name])
				problems.push(
					`  - ${name} is required for single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set together)`
				);
		}
	}
	if (!env.PASSWORD_SIGN_IN && !any) {
		problems.push(
			'  - PASSWORD_SIGN_IN=false needs single sign-on: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET'
		);
	}
	return problems;
}

/** Single sign-on settings; absent when OIDC_ISSUER is not set. */
export type OidcConfig = {
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** `{ORIGIN}/sign-in/sso/callback`, registered with the provider. */
	redirectUri: string;
	scopes: string[];
	groupsClaim: string;
	adminGroups: string[];
	/** Only members of these groups may sign in with SSO; empty: everyone the provider lets through. */
	allowedGroups: string[];
	teamGroups: { group: string; team: string }[];
	label: string;
	/** Plain http is allowed only for a provider on this machine (tests, local trials). */
	allowInsecure: boolean;
};

function oidcConfig(e: ParsedEnv): OidcConfig | undefined {
	if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET || !e.ORIGIN) return undefined;
	return {
		issuer: e.OIDC_ISSUER,
		clientId: e.OIDC_CLIENT_ID,
		clientSecret: e.OIDC_CLIENT_SECRET,
		redirectUri: new URL('/sign-in/sso/callback', e.ORIGIN).toString(),
		scopes: e.OIDC_SCOPES,
		groupsClaim: e.OIDC_GROUPS_CLAIM,
		adminGroups: e.OIDC_ADMIN_GROUPS,
		allowedGroups: e.OIDC_ALLOWED_GROUPS,
		teamGroups: e.OIDC_TEAM_GROUPS,
		label: e.OIDC_LABEL ?? 'Sign in with your NHS account',
		allowInsecure: new URL(e.OIDC_ISSUER).protocol === 'http:'
	};
}

export type AppConfig = {
	nodeEnv: 'development' | 'production' | 'test';
	database: { kind: 'postgres'; url: string; poolMax: number } | { kind: 'pglite'; dataDir: string };
	dataDir: string;
	auth: {
		allowedEmailDomains: string[];
		signUpEnabled: boolean;
		cookieSecure: boolean;
		/** False leaves single sign-on only (`npm run user` still creates accounts). */
		passwordSignIn: boolean;
		oidc?: OidcConfig;
	};
	corpus: { maxUploadBytes: number; seedSample: boolean };
	/** Where invitation and reset links are emailed from; absent when SMTP_URL is unset (links are shown instead). */
	mail?: { url: string; from: string };
	/** Largest file a person can attach to a chat. */
	attachments: { maxBytes: number };
	/** Feedback analysis: model calls one analysis may have in flight at once. */
	analysis: { concurrency: number };
	embeddings: {
		provider: 'local' | 'openai' | 'azure';
		/** EMBEDDINGS_PROVIDER is set (the environment then owns the embedder; Admin › Models shows it read-only). */
		providerSet?: boolean;
		model?: string;
		dimensions?: number;
		cacheDir: string;
		openai: { apiKey?: string; baseUrl?: string };
		azure: { apiKey?: string; endpoint?: string; apiVersion?: string };
	};
	chat: ChatConfig;
	/** SECRETS_KEY: encrypts API keys (and TOTP secrets) stored in the database; undefined when unset. */
	secrets: { key?: string };
	/** Days without activity before a chat is deleted, unless an admin has set `retention.days`. */
	retention: { days: number };
	/** Several instances: when a running job counts as abandoned, and how long SIGTERM waits for answers. */
	operations: {
		jobStaleSeconds: number;
		shutdownGraceMs: number;
		/** `GET /metrics` answers only with this bearer token; undefined switches it off (404). */
		metricsToken?: string;
		logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
	};
};

export type ChatModelOption = { id: string; label: string };

export type ChatConfig = {
	provider: 'openai' | 'azure';
	/** CHAT_PROVIDER was set (rather than the provider being inferred from the other variables). */
	providerSet?: boolean;
	/** Empty when no model is configured: chats still open, but answers explain what an administrator must set. */
	models: ChatModelOption[];
	contextTokens: number;
	timeoutMs: number;
	openai: { apiKey?: string; baseUrl?: string };
	azure: { apiKey?: string; endpoint?: string; apiVersion?: string };
};

/** Thrown when the environment is invalid; its message is meant for the person starting the app. */
export class ConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConfigError';
	}
}

/** Parses an environment object. Pure, so tests can feed it any environment. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
	const result = envSchema.safeParse(env);
	if (!result.success) {
		const lines = result.error.issues.map((issue) => {
			const name = issue.path.join('.') || 'environment';
			return `  - ${name} ${issue.message}`;
		});
		throw new ConfigError(
			`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable and its format.`
		);
	}
	const e = result.data;
	const missing = requireFor(e);
	if (missing.length) {
		throw new ConfigError(
			`Invalid configuration:\n${missing.join('\n')}\nSee .env.example for every variable and its format.`
		);
	}
	const dataDir = path.resolve(e.DATA_DIR);
	return {
		nodeEnv: e.NODE_ENV,
		database: e.DATABASE_URL
			? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX }
			: { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
		dataDir,
		auth: {
			allowedEmailDomains: e.ALLOWED_EMAIL_DOMAINS,
			signUpEnabled: e.SIGN_UP_ENABLED,
			cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
			passwordSignIn: e.PASSWORD_SIGN_IN,
			oidc: oidcConfig(e)
		},
		corpus: { maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024), seedSample: e.SEED_SAMPLE_CORPUS },
		mail: e.SMTP_URL && e.SMTP_FROM ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
		attachments: { maxBytes: Math.round(e.MAX_ATTACHMENT_MB * 1024 * 1024) },
		analysis: { concurrency: e.ANALYSIS_CONCURRENCY },
		embeddings: {
			provider: e.EMBEDDINGS_PROVIDER ?? 'local',
			providerSet: e.EMBEDDINGS_PROVIDER !== undefined,
			model: e.EMBEDDINGS_MODEL,
			dimensions: e.EMBEDDINGS_DIMENSIONS,
			cacheDir: e.EMBEDDINGS_CACHE_DIR ? path.resolve(e.EMBEDDINGS_CACHE_DIR) : path.join(dataDir, 'models'),
			openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
			azure: {
				apiKey: e.AZURE_OPENAI_API_KEY,
				endpoint: e.AZURE_OPENAI_ENDPOINT,
				apiVersion: e.AZURE_OPENAI_API_VERSION
			}
		},
		chat: {
			provider: chatProvider(e),
			providerSet: e.CHAT_PROVIDER !== undefined,
			models: e.CHAT_MODELS,
			contextTokens: e.CHAT_CONTEXT_TOKENS,
			timeoutMs: Math.round(e.CHAT_TIMEOUT_SECONDS * 1000),
			openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
			azure: {
				apiKey: e.AZURE_OPENAI_API_KEY,
				endpoint: e.AZURE_OPENAI_ENDPOINT,
				apiVersion: e.AZURE_OPENAI_API_VERSION
			}
		},
		secrets: { key: e.SECRETS_KEY },
		retention: { days: e.RETENTION_DAYS },
		operations: {
			jobStaleSeconds: e.JOB_STALE_SECONDS,
			shutdownGraceMs: Math.round(e.SHUTDOWN_GRACE_SECONDS * 1000),
			metricsToken: e.METRICS_TOKEN,
			logLevel: e.LOG_LEVEL
		}
	};
}

let cached: AppConfig | undefined;

/** The process configuration, read from the environment (and `.env` when present) on first use. */
export function getConfig(): AppConfig {
	if (!cached) {
		const envFile = path.resolve('.env');
		if (existsSync(envFile)) loadDotenv({ path: envFile, quiet: true });
		cached = parseConfig(process.env);
	}
	return cached;
}
