/**
 * Structured JSON logs (pino), one line per event, for a log collector. They carry ids, kinds, counts
 * and timings: never what a person wrote, a model answered, or who someone is (names, emails).
 */
import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import { getConfig } from '../config';

let root: Logger | undefined;

/** The process-wide logger, at LOG_LEVEL (info by default). */
export function logger(): Logger {
	if (!root) {
		let level: string = 'info';
		try {
			level = getConfig().operations.logLevel;
		} catch {
			// The configuration is invalid: start-up reports that itself; log at the default level until then.
		}
		root = pino({
			level,
			base: { pid: process.pid, hostname: hostname() },
			timestamp: pino.stdTimeFunctions.isoTime,
			formatters: { level: (label) => ({ level: label }) }
		});
	}
	return root;
}

/** A logger whose every line carries the request id (quoted to people as their error reference). */
export function requestLogger(requestId: string): Logger {
	return logger().child({ requestId });
}

/** An error reduced to what is safe to log: its name, message and stack, and the same for its cause. */
export function errorFields(e: unknown): Record<string, unknown> {
	if (!(e instanceof Error)) return { error: String(e) };
	const out: Record<string, unknown> = { errorName: e.name, errorMessage: e.message, stack: e.stack };
	if (e.cause instanceof Error) out.cause = { errorName: e.cause.name, errorMessage: e.cause.message };
	return out;
}
