/**
 * Several instances of the built app on one scratch PostgreSQL database, behind Debian's nginx, the
 * way a trust would run them: a round-robin upstream with proxy buffering off for the event stream.
 * Used by the multi-instance tests and by `npm run bench:chat -- --instances 2`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export const NGINX = '/usr/sbin/nginx';

/** Why the cluster cannot run here, or undefined when it can. */
export function clusterUnavailable(databaseUrl: string | undefined): string | undefined {
	if (!databaseUrl) return 'TEST_DATABASE_URL is not set (several instances need a shared PostgreSQL)';
	if (!existsSync(NGINX)) return `${NGINX} is missing (apt-get install nginx)`;
	return undefined;
}

/** A new, empty PostgreSQL database next to the one `adminUrl` names; `drop` removes it. */
export async function scratchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `nca_cluster_${randomBytes(6).toString('hex')}`;
	const run = async (statement: string) => {
		const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
		try {
			await sql.unsafe(statement);
		} finally {
			await sql.end({ timeout: 5 });
		}
	};
	await run(`CREATE DATABASE ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** The nginx configuration used in CI and shown in the README, for instances on `ports`. */
export function nginxConfig(prefix: string, listenPort: number, ports: number[]): string {
	const runAsRoot = process.getuid?.() === 0 ? 'user root;\n' : '';
	return `${runAsRoot}worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream nhs_comms_assist {
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${listenPort};
    client_max_body_size 512m;
    location / {
      proxy_pass http://nhs_comms_assist;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Answers stream as server-sent events: pass every byte on at once.
      proxy_buffering off;
      proxy_read_timeout 300s;
      # A dead instance: try the next one for requests that never reached it.
      proxy_next_upstream error timeout;
    }
  }
}
`;
}

export type Proxy = { origin: string; stop(): Promise<void> };

/** Starts nginx in the foreground on `listenPort`, in front of the instances on `ports`. */
export async function startNginx(listenPort: number, ports: number[]): Promise<Proxy> {
	const prefix = await mkdtemp(path.join(tmpdir(), 'nca-nginx-'));
	for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) await mkdir(path.join(prefix, dir));
	const conf = path.join(prefix, 'nginx.conf');
	await writeFile(conf, nginxConfig(prefix, listenPort, ports));
	const child: ChildProcess = spawn(NGINX, ['-c', conf, '-p', prefix, '-g', 'daemon off;'], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
	const origin = `http://127.0.0.1:${listenPort}`;
	const deadline = Date.now() + 15_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`nginx exited: ${output}`);
		try {
			if ((await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2_000) })).ok) break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) throw new Error(`nginx did not answer within 15s: ${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		origin,
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill('SIGQUIT');
				await exited;
			}
			await rm(prefix, { recursive: true, force: true });
		}
	};
}
