export type UserRole = 'member' | 'admin';

/** What the browser may know about the signed-in person. */
export type SessionUser = {
	id: string;
	email: string;
	name: string;
	role: UserRole;
};
