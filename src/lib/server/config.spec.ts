import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

function configError(env: Record<string, string | undefined>): ConfigError {
	try {
		parseConfig(env);
	} catch (e) {
		if (e instanceof ConfigError) return e;
		throw e;
	}
	throw new Error('Expected parseConfig to throw a ConfigError');
}

describe('parseConfig', () => {
	it('runs with no configuration at all: embedded database under ./data, open sign-up', () => {
		const config = parseConfig({});
		expect(config.nodeEnv).toBe('development');
		expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data', 'pglite') });
		expect(config.dataDir).toBe(path.resolve('data'));
		expect(config.auth).toMatchObject({ allowedEmailDomains: [], signUpEnabled: true, cookieSecure: false });
	});

	it('puts the embedded database inside DATA_DIR', () => {
		const config = parseConfig({ DATA_DIR: '/srv/comms' });
		expect(config.dataDir).toBe(path.resolve('/srv/comms'));
		expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('/srv/comms', 'pglite') });
	});

	it('uses PostgreSQL when DATABASE_URL is set, with the pool size', () => {
		const url = 'postgres://app:secret@db.internal:5432/comms';
		expect(parseConfig({ DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url, poolMax: 10 });
		expect(parseConfig({ DATABASE_URL: url, DATABASE_POOL_MAX: '3' }).database).toMatchObject({ poolMax: 3 });
		expect(parseConfig({ DATABASE_URL: `  ${url}  ` }).database).toMatchObject({ url });
	});

	it('treats an empty DATABASE_URL as unset', () => {
		expect(parseConfig({ DATABASE_URL: '' }).database.kind).toBe('pglite');
		expect(parseConfig({ DATABASE_URL: '   ' }).database.kind).toBe('pglite');
	});

	it.each(['mysql://user@host/db', 'localhost:5432', 'postgres://', 'postgres://[not-an-ip/db'])(
		'refuses DATABASE_URL %j with a message naming the variable',
		(url) => {
			const error = configError({ DATABASE_URL: url });
			expect(error.name).toBe('ConfigError');
			expect(error.message).toMatch(/DATABASE_URL (must be a PostgreSQL connection string|is not a valid URL)/);
			expect(error.message).toContain('.env.example');
		}
	);

	it.each(['0', '201', '2.5', 'ten'])('refuses DATABASE_POOL_MAX=%s', (value) => {
		expect(configError({ DATABASE_POOL_MAX: value }).message).toMatch(/DATABASE_POOL_MAX must be/);
	});

	it('normalises ALLOWED_EMAIL_DOMAINS: lower case, no @, no blanks', () => {
		const config = parseConfig({ ALLOWED_EMAIL_DOMAINS: ' @NHS.net, example.nhs.uk ,, ' });
		expect(config.auth.allowedEmailDomains).toEqual(['nhs.net', 'example.nhs.uk']);
	});

	it.each(['nhs', 'nhs.net;gmail.com', 'name@nhs.net', 'nhs net', '*.nhs.uk'])(
		'refuses ALLOWED_EMAIL_DOMAINS=%j, naming the variable',
		(value) => {
			expect(configError({ ALLOWED_EMAIL_DOMAINS: value }).message).toContain(
				'ALLOWED_EMAIL_DOMAINS must be a comma-separated list of domains'
			);
		}
	);

	it.each([
		['false', false],
		['0', false],
		['no', false],
		['true', true],
		['1', true],
		['yes', true]
	])('reads SIGN_UP_ENABLED=%s as %s', (value, expected) => {
		expect(parseConfig({ SIGN_UP_ENABLED: value }).auth.signUpEnabled).toBe(expected);
	});

	it('refuses SIGN_UP_ENABLED values that are not a clear yes or no', () => {
		expect(configError({ SIGN_UP_ENABLED: 'maybe' }).message).toContain('SIGN_UP_ENABLED must be true or false');
		expect(() => parseConfig({ SIGN_UP_ENABLED: 'False' })).toThrow(ConfigError);
	});

	it('makes cookies Secure by default in production only, and lets COOKIE_SECURE override', () => {
		expect(parseConfig({ NODE_ENV: 'production' }).auth.cookieSecure).toBe(true);
		expect(parseConfig({ NODE_ENV: 'development' }).auth.cookieSecure).toBe(false);
		expect(parseConfig({ NODE_ENV: 'test' }).auth.cookieSecure).toBe(false);
		expect(parseConfig({ NODE_ENV: 'production', COOKIE_SECURE: 'false' }).auth.cookieSecure).toBe(false);
		expect(parseConfig({ NODE_ENV: 'development', COOKIE_SECURE: 'true' }).auth.cookieSecure).toBe(true);
	});

	it('refuses an unknown NODE_ENV', () => {
		expect(configError({ NODE_ENV: 'staging' }).message).toContain('NODE_ENV');
	});

	it('lists every problem at once, not just the first', () => {
		const message = configError({
			DATABASE_URL: 'mysql://x',
			SIGN_UP_ENABLED: 'maybe',
			ALLOWED_EMAIL_DOMAINS: 'nhs'
		}).message;
		expect(message).toContain('DATABASE_URL');
		expect(message).toContain('SIGN_UP_ENABLED');
		expect(message).toContain('ALLOWED_EMAIL_DOMAINS');
	});

	it('does not echo the database password in its message', () => {
		const message = configError({ DATABASE_URL: 'postgres://app:hunter2@[bad/db' }).message;
		expect(message).toContain('DATABASE_URL');
		expect(message).not.toContain('hunter2');
	});

	describe('chat models', () => {
		it('has no chat model by default, so the workspace runs and explains what to set', () => {
			const config = parseConfig({});
			expect(config.chat).toMatchObject({ provider: 'openai', models: [], contextTokens: 128_000, timeoutMs: 60_000 });
		});

		it('reads CHAT_MODELS with optional labels; the first is the default', () => {
			const config = parseConfig({
				CHAT_MODELS: 'gpt-4o-mini=GPT-4o mini, gpt-4o ,llama3.1:8b',
				OPENAI_BASE_URL: 'http://localhost:11434/v1',
				CHAT_CONTEXT_TOKENS: '32000',
				CHAT_TIMEOUT_SECONDS: '90'
			});
			expect(config.chat.models).toEqual([
				{ id: 'gpt-4o-mini', label: 'GPT-4o mini' },
				{ id: 'gpt-4o', label: 'gpt-4o' },
				{ id: 'llama3.1:8b', label: 'llama3.1:8b' }
			]);
			expect(config.chat).toMatchObject({ provider: 'openai', contextTokens: 32_000, timeoutMs: 90_000 });
		});

		it('uses Azure when only Azure is configured, and OpenAI when told to', () => {
			const azure = {
				CHAT_MODELS: 'my-gpt4o-deployment',
				AZURE_OPENAI_API_KEY: 'k',
				AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com',
				AZURE_OPENAI_API_VERSION: '2024-10-21'
			};
			expect(parseConfig(azure).chat.provider).toBe('azure');
			expect(parseConfig({ ...azure, OPENAI_API_KEY: 'sk' }).chat.provider).toBe('openai');
			expect(parseConfig({ ...azure, OPENAI_API_KEY: 'sk', CHAT_PROVIDER: 'azure' }).chat.provider).toBe('azure');
		});

		it('names what is missing for the chosen provider', () => {
			expect(configError({ CHAT_MODELS: 'gpt-4o' }).message).toContain(
				'OPENAI_API_KEY is required for the CHAT_MODELS'
			);
			expect(configError({ CHAT_MODELS: 'dep', CHAT_PROVIDER: 'azure' }).message).toContain(
				'AZURE_OPENAI_ENDPOINT is required when the CHAT_MODELS are Azure OpenAI deployments'
			);
		});

		it('rejects malformed values with the variable name', () => {
			expect(configError({ CHAT_MODELS: 'a b', OPENAI_API_KEY: 'k' }).message).toContain('CHAT_MODELS');
			expect(configError({ CHAT_MODELS: 'a,a', OPENAI_API_KEY: 'k' }).message).toContain('lists the same model twice');
			expect(configError({ CHAT_CONTEXT_TOKENS: 'lots' }).message).toContain('CHAT_CONTEXT_TOKENS');
			expect(configError({ CHAT_TIMEOUT_SECONDS: '0' }).message).toContain('CHAT_TIMEOUT_SECONDS must be more than 0');
			expect(configError({ CHAT_PROVIDER: 'anthropic' }).message).toContain('CHAT_PROVIDER must be openai or azure');
		});
	});
});

describe('RETENTION_DAYS', () => {
	it('defaults to 365 days and reads a whole number of days', () => {
		expect(parseConfig({}).retention).toEqual({ days: 365 });
		expect(parseConfig({ RETENTION_DAYS: '30' }).retention).toEqual({ days: 30 });
		expect(parseConfig({ RETENTION_DAYS: ' 3650 ' }).retention).toEqual({ days: 3650 });
	});

	it.each([
		['0', 'RETENTION_DAYS must be at least 1 day'],
		['3651', 'RETENTION_DAYS must be 3650 days (10 years) or fewer'],
		['1.5', 'RETENTION_DAYS must be a whole number of days, for example 365'],
		['a year', 'RETENTION_DAYS must be a whole number of days, for example 365']
	])('refuses %s with a clear message', (value, message) => {
		expect(configError({ RETENTION_DAYS: value }).message).toContain(message);
	});
});

describe('ANALYSIS_CONCURRENCY', () => {
	it('defaults to 4 model calls in flight and reads a whole number', () => {
		expect(parseConfig({}).analysis).toEqual({ concurrency: 4 });
		expect(parseConfig({ ANALYSIS_CONCURRENCY: '1' }).analysis).toEqual({ concurrency: 1 });
	});

	it.each([
		['0', 'ANALYSIS_CONCURRENCY must be at least 1'],
		['33', 'ANALYSIS_CONCURRENCY must be at most 32'],
		['2.5', 'ANALYSIS_CONCURRENCY must be a whole number'],
		['many', 'ANALYSIS_CONCURRENCY must be a whole number']
	])('refuses %s with a clear message', (value, message) => {
		expect(configError({ ANALYSIS_CONCURRENCY: value }).message).toContain(message);
	});
});

describe('single sign-on settings', () => {
	const sso = {
		OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
		OIDC_CLIENT_ID: 'client',
		OIDC_CLIENT_SECRET: 'secret',
		ORIGIN: 'https://comms.example.nhs.uk'
	};

	it('is off without OIDC_ISSUER, with password sign-in on', () => {
		const config = parseConfig({});
		expect(config.auth.oidc).toBeUndefined();
		expect(config.auth.passwordSignIn).toBe(true);
	});

	it('reads every variable, with the documented defaults', () => {
		expect(parseConfig(sso).auth.oidc).toEqual({
			issuer: sso.OIDC_ISSUER,
			clientId: 'client',
			clientSecret: 'secret',
			redirectUri: 'https://comms.example.nhs.uk/sign-in/sso/callback',
			scopes: ['openid', 'email', 'profile'],
			groupsClaim: 'groups',
			adminGroups: [],
			teamGroups: [],
			label: 'Sign in with your NHS account',
			allowInsecure: false
		});
		const custom = parseConfig({
			...sso,
			OIDC_SCOPES: 'openid email',
			OIDC_GROUPS_CLAIM: 'roles',
			OIDC_ADMIN_GROUPS: ' a , b ',
			OIDC_TEAM_GROUPS: 'g1=Press office, g2 = Digital',
			OIDC_LABEL: 'Sign in with NHSmail',
			PASSWORD_SIGN_IN: 'false'
		});
		expect(custom.auth.passwordSignIn).toBe(false);
		expect(custom.auth.oidc).toMatchObject({
			scopes: ['openid', 'email'],
			groupsClaim: 'roles',
			adminGroups: ['a', 'b'],
			teamGroups: [
				{ group: 'g1', team: 'Press office' },
				{ group: 'g2', team: 'Digital' }
			],
			label: 'Sign in with NHSmail'
		});
	});

	it.each([
		[{ ...sso, OIDC_CLIENT_SECRET: '' }, 'OIDC_CLIENT_SECRET is required for single sign-on'],
		[{ ...sso, ORIGIN: '' }, 'ORIGIN is required for single sign-on'],
		[{ ...sso, OIDC_ISSUER: 'http://login.example.com' }, 'OIDC_ISSUER must be an https URL'],
		[{ ...sso, OIDC_SCOPES: 'email profile' }, 'OIDC_SCOPES must include openid'],
		[{ ...sso, OIDC_TEAM_GROUPS: 'just-a-group' }, 'OIDC_TEAM_GROUPS must be comma-separated group=Team name pairs'],
		[{ PASSWORD_SIGN_IN: 'false' }, 'PASSWORD_SIGN_IN=false needs single sign-on']
	])('refuses %o', (env, message) => {
		expect(() => parseConfig(env)).toThrow(ConfigError);
		expect(() => parseConfig(env)).toThrow(message);
	});

	it('allows plain http only for a provider on this machine', () => {
		expect(parseConfig({ ...sso, OIDC_ISSUER: 'http://127.0.0.1:4000' }).auth.oidc?.allowInsecure).toBe(true);
	});
});
