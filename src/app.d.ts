import type { SessionUser } from '$lib/schemas/user';

declare global {
	namespace App {
		interface Error {
			message: string;
			errorId?: string;
		}
		interface Locals {
			requestId: string;
			user: SessionUser | null;
			session: { id: string; expiresAt: Date } | null;
		}
	}
}

export {};
