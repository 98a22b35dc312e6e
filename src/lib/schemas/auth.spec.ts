import { describe, expect, it } from 'vitest';
import { EMAIL_MAX_LENGTH, fieldErrors, formFields, signInSchema, signUpSchema } from './auth';

function errorsFor(schema: typeof signUpSchema | typeof signInSchema, input: unknown) {
	const result = schema.safeParse(input);
	if (result.success) throw new Error('Expected the input to be refused');
	return fieldErrors(result.error);
}

/** An address of exactly `length` characters at nhs.net. */
function emailOfLength(length: number): string {
	const domain = '@nhs.net';
	return 'a'.repeat(length - domain.length) + domain;
}

const validSignUp = { name: 'Jane Smith', email: 'jane.smith@nhs.net', password: 'correct horse battery staple' };

describe('signUpSchema', () => {
	it('accepts a complete form, trimming the name and trimming and lower-casing the email', () => {
		const parsed = signUpSchema.parse({ ...validSignUp, name: '  Jane Smith ', email: '  Jane.Smith@NHS.net ' });
		expect(parsed).toEqual({ name: 'Jane Smith', email: 'jane.smith@nhs.net', password: validSignUp.password });
	});

	it('keeps the password exactly as typed, spaces included', () => {
		expect(signUpSchema.parse({ ...validSignUp, password: '  padded  ' }).password).toBe('  padded  ');
	});

	it('asks for each missing field, in form order', () => {
		const errors = errorsFor(signUpSchema, {});
		expect(errors).toEqual({
			name: 'Enter your full name',
			email: 'Enter your email address',
			password: 'Enter a password'
		});
		expect(Object.keys(errors)).toEqual(['name', 'email', 'password']);
	});

	it('treats empty and blank fields as missing', () => {
		expect(errorsFor(signUpSchema, { name: '   ', email: '  ', password: '' })).toEqual({
			name: 'Enter your full name',
			email: 'Enter your email address',
			password: 'Enter a password'
		});
	});

	it.each(['jane', 'jane@', '@nhs.net', 'jane smith@nhs.net', 'jane@nhs'])('explains the format for %j', (email) => {
		expect(errorsFor(signUpSchema, { ...validSignUp, email }).email).toBe(
			'Enter an email address in the correct format, like name@nhs.net'
		);
	});

	it('allows email addresses up to 254 characters', () => {
		expect(EMAIL_MAX_LENGTH).toBe(254);
		expect(signUpSchema.safeParse({ ...validSignUp, email: emailOfLength(254) }).success).toBe(true);
		expect(errorsFor(signUpSchema, { ...validSignUp, email: emailOfLength(255) }).email).toBe(
			'Email address must be 254 characters or fewer'
		);
		// Surrounding spaces do not count towards the limit.
		expect(signUpSchema.safeParse({ ...validSignUp, email: ` ${emailOfLength(254)} ` }).success).toBe(true);
	});

	it('limits the name to 100 characters', () => {
		expect(signUpSchema.safeParse({ ...validSignUp, name: 'N'.repeat(100) }).success).toBe(true);
		expect(errorsFor(signUpSchema, { ...validSignUp, name: 'N'.repeat(101) }).name).toBe(
			'Name must be 100 characters or fewer'
		);
	});

	it('limits the password to 1024 characters', () => {
		expect(signUpSchema.safeParse({ ...validSignUp, password: 'p'.repeat(1024) }).success).toBe(true);
		expect(errorsFor(signUpSchema, { ...validSignUp, password: 'p'.repeat(1025) }).password).toBe(
			'Password must be 1024 characters or fewer'
		);
	});
});

describe('signInSchema', () => {
	it('lower-cases the email so sign-in matches however it was typed', () => {
		expect(signInSchema.parse({ email: ' JANE.Smith@nhs.NET', password: 'x' })).toEqual({
			email: 'jane.smith@nhs.net',
			password: 'x'
		});
	});

	it('asks for the email address and password', () => {
		expect(errorsFor(signInSchema, {})).toEqual({
			email: 'Enter your email address',
			password: 'Enter your password'
		});
		expect(errorsFor(signInSchema, { email: '', password: '' })).toEqual({
			email: 'Enter your email address',
			password: 'Enter your password'
		});
	});

	it('does not apply sign-up password rules to sign-in, only the length cap', () => {
		expect(signInSchema.safeParse({ email: 'a@nhs.net', password: 'short' }).success).toBe(true);
		expect(errorsFor(signInSchema, { email: 'a@nhs.net', password: 'p'.repeat(1025) }).password).toBe(
			'Password must be 1024 characters or fewer'
		);
	});
});

describe('formFields', () => {
	it('reads named text fields and treats files and absent fields as missing', () => {
		const form = new FormData();
		form.set('email', 'a@nhs.net');
		form.set('password', new File(['x'], 'password.txt'));

		expect(formFields(form, ['email', 'password', 'name'] as const)).toEqual({
			email: 'a@nhs.net',
			password: undefined,
			name: undefined
		});
	});
});
