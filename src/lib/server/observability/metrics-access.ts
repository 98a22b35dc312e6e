import { timingSafeEqual } from 'node:crypto';
import { getConfig } from '../config';

/** Whether an Authorization header carries METRICS_TOKEN (false whenever the token is unset). */
export function metricsAuthorised(header: string | null): boolean {
	const token = getConfig().operations.metricsToken;
	if (!token || !header?.startsWith('Bearer ')) return false;
	const given = Buffer.from(header.slice('Bearer '.length));
	const wanted = Buffer.from(token);
	return given.length === wanted.length && timingSafeEqual(given, wanted);
}
