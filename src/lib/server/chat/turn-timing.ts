/**
 * Where a turn's time goes before its first token, phase by phase, for `npm run bench:chat -- --profile`.
 * Marks are taken on the turn's critical path (work started earlier and awaited later counts where it
 * is awaited). One debug log line per turn, at the first token; nothing a person wrote is logged.
 */
import { logger } from '../observability/log';

export class TurnTimer {
	private last = performance.now();
	private readonly started = this.last;
	private reported = false;
	readonly phases: Record<string, number> = {};

	/** Ends the phase running since the previous mark and names it. */
	mark(phase: string): void {
		const now = performance.now();
		this.phases[phase] = (this.phases[phase] ?? 0) + (now - this.last);
		this.last = now;
	}

	/** Logs the phases once, when the first token has arrived (debug level: off in normal running). */
	report(requestId: string): void {
		if (this.reported) return;
		this.reported = true;
		const log = logger();
		if (!log.isLevelEnabled('debug')) return;
		const round = (ms: number) => Math.round(ms * 100) / 100;
		const phases = Object.fromEntries(Object.entries(this.phases).map(([k, v]) => [k, round(v)]));
		log.debug({ requestId, phases, totalMs: round(performance.now() - this.started) }, 'turn phases');
	}
}
