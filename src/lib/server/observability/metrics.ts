/**
 * Prometheus metrics (prom-client) for `GET /metrics`. Each instance exposes its own; the scraper adds
 * them up. Labels are kinds and route ids, never people or text.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { countOpenJobs } from '../db/queries/jobs';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpDuration = new Histogram({
	name: 'nca_http_request_duration_seconds',
	help: 'Time from request to response headers, by method, route and status',
	labelNames: ['method', 'route', 'status'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers: [registry]
});

export const answersInFlight = new Gauge({
	name: 'nca_answers_in_flight',
	help: 'Answers this instance is streaming now',
	registers: [registry]
});

export const timeToFirstToken = new Histogram({
	name: 'nca_time_to_first_token_seconds',
	help: 'Time from a question arriving to the first token of the answer',
	buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
	registers: [registry]
});

export const modelErrors = new Counter({
	name: 'nca_model_errors_total',
	help: 'Failed model calls, by kind (timeout, auth, rate-limit, stream, ...)',
	labelNames: ['kind'] as const,
	registers: [registry]
});

export const signInFailures = new Counter({
	name: 'nca_sign_in_failures_total',
	help: 'Refused sign-ins, by reason (invalid_credentials, rate_limited)',
	labelNames: ['reason'] as const,
	registers: [registry]
});

export const jobsFinished = new Counter({
	name: 'nca_jobs_finished_total',
	help: 'Job attempts finished by this instance, by kind and outcome (succeeded, retry, failed)',
	labelNames: ['kind', 'outcome'] as const,
	registers: [registry]
});

new Gauge({
	name: 'nca_job_queue_depth',
	help: 'Jobs queued or running across all instances (read from the database at scrape time)',
	labelNames: ['kind', 'status'] as const,
	registers: [registry],
	async collect() {
		this.reset();
		for (const row of await countOpenJobs()) this.set({ kind: row.kind, status: row.status }, row.count);
	}
});
