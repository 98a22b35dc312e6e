/**
 * Measures the monitoring dashboard's height in Chromium at 1366 px wide for 30 days of seeded data.
 *
 *   npx tsx scripts/measure-dashboard-height.ts [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--screenshot file.png]
 *
 * Needs a built app (`npm run build`) and PostgreSQL with pgvector: it creates a throwaway database through
 * the given connection, starts the built app on it, signs up an admin, seeds 30 days of chats, answers,
 * ratings, citations and personal-data warnings (plus evaluation runs), opens /admin/dashboard and prints
 * `document.documentElement.scrollHeight`. The database is dropped afterwards.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { launchBrowser } from '../tests/e2e/support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from '../tests/e2e/support/http';
import { freePort } from '../tests/e2e/support/server';

const args = process.argv.slice(2);
const flag = (name: string) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
};
const adminUrl = flag('--database-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WIDTH = 1366;
const DAYS = 30;

async function main(): Promise<void> {
	const name = `nca_height_${randomBytes(4).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const appDir = path.resolve(import.meta.dirname, '..');
	const child = spawn(process.execPath, [path.join(appDir, 'build', 'index.js')], {
		cwd: appDir,
		env: {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			TZ: 'UTC',
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			COOKIE_SECURE: 'false',
			DATABASE_URL: url.toString(),
			SIGN_UP_ENABLED: 'true',
			ALLOWED_EMAIL_DOMAINS: '',
			EMBEDDINGS_PROVIDER: 'local',
			SEED_SAMPLE_CORPUS: 'false'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
	try {
		for (let i = 0; i < 600; i++) {
			const ok = await fetch(`${origin}/health`)
				.then((r) => r.status === 200)
				.catch(() => false);
			if (ok) break;
			await new Promise((r) => setTimeout(r, 200));
		}
		const http = client(origin);
		const cookie = await signUp(http, newAccount('Height Admin'));
		await seed(db);
		const browser = await launchBrowser();
		try {
			const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 } });
			await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: origin }]);
			const page = await context.newPage();
			const res = await page.goto(`${origin}/admin/dashboard`);
			if (res?.status() !== 200) throw new Error(`/admin/dashboard answered ${res?.status()}`);
			await page.waitForLoadState('networkidle');
			const height = await page.evaluate(() => document.documentElement.scrollHeight);
			const shot = flag('--screenshot');
			if (shot) await page.screenshot({ path: shot, fullPage: true });
			console.log(`Dashboard height at ${WIDTH} px wide, ${DAYS} days of seeded data: ${height} px`);
		} finally {
			await browser.close();
		}
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => child.once('exit', r));
		await db.end({ timeout: 5 });
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end({ timeout: 5 });
	}
}

/** 30 days (and the 30 before them) of activity by 12 people with 3 assistants. */
async function seed(db: postgres.Sql): Promise<void> {
	await db.unsafe(`
		insert into users (email, name, password_hash)
		select 'seed' || g || '@nhs.net', 'Seed person ' || g, 'x' from generate_series(1, 12) g;
		insert into assistants (name, category, instructions, intake)
		select n, 'press', 'Write well.', '{"mode":"none","questions":[]}'::jsonb
		from unnest(array['Press release writer', 'Social media posts', 'Plain English rewriter']) n;
		insert into chats (user_id, assistant_id, title, created_at)
		select (select id from users where email = 'seed' || (1 + (d * 7 + k) % 12) || '@nhs.net'),
			case when k % 4 = 0 then null else (select id from assistants order by name offset (k % 3) limit 1) end,
			'Seed chat', date_trunc('day', now()) - (d || ' days')::interval + (k || ' hours')::interval
		from generate_series(0, 59) d, generate_series(0, 5) k;
		insert into messages (chat_id, role, content, created_at)
		select id, 'user', 'A request about a flu vaccination clinic', created_at + interval '1 minute' from chats;
		insert into messages (chat_id, role, content, model, prompt_tokens, completion_tokens, sources, created_at)
		select id, 'assistant', 'A draft', 'stub-model', 900, 300,
			jsonb_build_array(jsonb_build_object('n', 1, 'documentId', gen_random_uuid()::text,
				'documentTitle', 'Style guide part ' || (extract(hour from created_at)::int % 5), 'version', 1)),
			created_at + interval '2 minutes' from chats;
		insert into message_feedback (message_id, user_id, rating, reason)
		select m.id, c.user_id, case when extract(hour from m.created_at)::int % 3 = 0 then 'down' else 'up' end,
			case when extract(hour from m.created_at)::int % 3 = 0 then 'too_long' else null end
		from messages m join chats c on c.id = m.chat_id where m.role = 'assistant' and extract(hour from m.created_at)::int % 2 = 0;
		insert into guard_events (counts, action, created_at)
		select '{"email":1}'::jsonb, a, date_trunc('day', now()) - (d || ' days')::interval
		from generate_series(0, 59) d, unnest(array['warned', 'replaced']) a;
		insert into assistant_evaluations (assistant_id, assistant_version, model, status, total, passed_count, pass_rate, created_at, finished_at)
		select a.id, 1 + (d / 20), 'stub-model', 'completed', 5, 3 + (d % 3), (3 + (d % 3))::real / 5,
			date_trunc('day', now()) - (d || ' days')::interval, date_trunc('day', now()) - (d || ' days')::interval
		from assistants a, generate_series(0, 59, 5) d;`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
