/** Signing up and signing in, independent of HTTP so the web forms and the command line share it. */
import { getConfig } from '../config';
import { createUser, findUserByEmail, type PublicUser } from '../db/queries/users';
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from './password';

export type SignUpResult = { ok: true; user: PublicUser } | { ok: false; errors: Record<string, string> };

export function emailDomainAllowed(email: string, allowed = getConfig().auth.allowedEmailDomains): boolean {
	if (allowed.length === 0) return true;
	const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
	return allowed.includes(domain);
}

/** Validated input in; a new account, or field errors a person can act on. */
export async function registerAccount(input: {
	name: string;
	email: string;
	password: string;
	role?: 'member' | 'admin';
	enforceDomains?: boolean;
}): Promise<SignUpResult> {
	const errors: Record<string, string> = {};
	if ((input.enforceDomains ?? true) && !emailDomainAllowed(input.email)) {
		const list = getConfig()
			.auth.allowedEmailDomains.map((d) => `@${d}`)
			.join(' or ');
		errors.email = `Use your work email address ending ${list}`;
	}
	const problem = passwordProblem(input.password, { email: input.email, name: input.name });
	if (problem) errors.password = problem;
	if (Object.keys(errors).length) return { ok: false, errors };

	if (await findUserByEmail(input.email)) {
		return { ok: false, errors: { email: 'An account with this email address already exists. Sign in instead' } };
	}
	const passwordHash = await hashPassword(input.password);
	try {
		const user = await createUser({ email: input.email, name: input.name, passwordHash, role: input.role });
		return { ok: true, user };
	} catch (e) {
		if ((e as Error).name === 'EmailTakenError') {
			return { ok: false, errors: { email: 'An account with this email address already exists. Sign in instead' } };
		}
		throw e;
	}
}

/** The user when email and password match; null otherwise, taking the same time either way. */
export async function checkCredentials(email: string, password: string): Promise<PublicUser | null> {
	const user = await findUserByEmail(email);
	if (!user?.passwordHash) return verifyAgainstDummy(password).then(() => null);
	if (!(await verifyPassword(user.passwordHash, password))) return null;
	// Deactivated (off-boarded) people cannot sign in, even with the right password.
	if (user.deactivatedAt) return null;
	return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt };
}
