/**
 * `npm run retention`: deletes chats with no activity for longer than the retention period (the
 * `retention.days` admin setting, default 365) now, as the server does every six hours.
 */
import { runRetention } from '../src/lib/server/governance/retention';
import { withDatabase } from './cli-support';

const result = await withDatabase(() => runRetention({ trigger: 'command' }));
console.log(
	`Deleted ${result.chats} chat(s) and ${result.messages} message(s) with no activity since ${result.cutoff.toISOString()} ` +
		`(retention period: ${result.days} days).`
);
