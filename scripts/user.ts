/**
 * `npm run user -- <command>`: manage accounts from the command line.
 *   create --email E [--name N] [--admin] [--password-stdin]
 *   list
 *   set-role --email E --role member|admin
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { signUpSchema, fieldErrors } from '../src/lib/schemas/auth';
import { registerAccount } from '../src/lib/server/auth/accounts';
import { canChangeRole } from '../src/lib/server/authz/policy';
import { countAdmins, findUserByEmail, listUsers, setUserRole } from '../src/lib/server/db/queries/users';
import { audit } from '../src/lib/server/governance/audit';
import { UsageError, fail, withDatabase } from './cli-support';

const usage = `Usage:
  npm run user -- create --email <email> [--name "<full name>"] [--admin] [--password-stdin]
  npm run user -- list
  npm run user -- set-role --email <email> --role member|admin

Without --password-stdin you are asked for the password (it is not shown as you type).`;

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

function promptHidden(question: string): Promise<string> {
	if (!process.stdin.isTTY) {
		throw new UsageError('No terminal to ask for a password. Use --password-stdin.', usage);
	}
	return new Promise((resolve) => {
		const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
		const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
		let asked = false;
		output._writeToOutput = (s: string) => {
			if (!asked) output.output.write(s);
		};
		rl.question(question, (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		});
		asked = true;
	});
}

async function create(values: { email?: string; name?: string; admin?: boolean; 'password-stdin'?: boolean }) {
	if (!values.email) throw new UsageError('--email is required', usage);
	const password = values['password-stdin'] ? await readStdin() : await promptHidden('Password: ');
	const parsed = signUpSchema.safeParse({
		name: values.name ?? values.email.split('@')[0],
		email: values.email,
		password
	});
	if (!parsed.success) {
		throw new UsageError(Object.values(fieldErrors(parsed.error)).join('\n'), usage);
	}
	await withDatabase(async () => {
		const result = await registerAccount({
			...parsed.data,
			role: values.admin ? 'admin' : 'member',
			enforceDomains: false
		});
		if (!result.ok) {
			console.error(Object.values(result.errors).join('\n'));
			process.exitCode = 1;
			return;
		}
		await audit(null, 'user.created', {
			actorId: null,
			targetType: 'user',
			targetId: result.user.id,
			details: { via: 'command line', role: result.user.role }
		});
		console.log(`Created ${result.user.role === 'admin' ? 'administrator' : 'member'} ${result.user.email}`);
	});
}

async function list() {
	await withDatabase(async () => {
		const users = await listUsers();
		if (!users.length) console.log('No accounts yet.');
		for (const u of users) console.log(`${u.role.padEnd(6)}  ${u.email}  ${u.name}`);
	});
}

async function setRole(values: { email?: string; role?: string }) {
	if (!values.email) throw new UsageError('--email is required', usage);
	if (values.role !== 'member' && values.role !== 'admin') {
		throw new UsageError('--role must be member or admin', usage);
	}
	const role = values.role;
	await withDatabase(async () => {
		const user = await findUserByEmail(values.email!);
		if (!user) {
			console.error(`No account with the email address ${values.email}`);
			process.exitCode = 1;
			return;
		}
		const allowed = canChangeRole({ currentRole: user.role, targetRole: role, adminCount: await countAdmins() });
		if (!allowed.ok) {
			console.error(allowed.reason);
			process.exitCode = 1;
			return;
		}
		await setUserRole(user.id, role);
		await audit(null, 'user.role_changed', {
			actorId: null,
			targetType: 'user',
			targetId: user.id,
			details: { via: 'command line', before: { role: user.role }, after: { role } }
		});
		console.log(`${user.email} is now ${role === 'admin' ? 'an administrator' : 'a member'}`);
	});
}

try {
	const { positionals, values } = parseArgs({
		allowPositionals: true,
		options: {
			email: { type: 'string' },
			name: { type: 'string' },
			role: { type: 'string' },
			admin: { type: 'boolean' },
			'password-stdin': { type: 'boolean' }
		}
	});
	const command = positionals[0];
	if (command === 'create') await create(values);
	else if (command === 'list') await list();
	else if (command === 'set-role') await setRole(values);
	else throw new UsageError(command ? `Unknown command: ${command}` : 'Name a command', usage);
} catch (e) {
	if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
		fail(new UsageError(e.message, usage));
	}
	fail(e);
}
