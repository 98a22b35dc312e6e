import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Names this process in the jobs it holds: host, pid and a random part (pids repeat across containers). */
export const INSTANCE_ID = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
