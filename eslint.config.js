import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'migrations/', 'test-results/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript already reports undefined names, with better knowledge of types.
			'no-undef': 'off',
			// The app is served from the root (no paths.base), so plain hrefs are correct and easier to read.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	},
	{
		// Fence 1: only the config module reads the environment.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: ['src/lib/server/config.ts'],
		rules: {
			'no-restricted-properties': [
				'error',
				{ object: 'process', property: 'env', message: 'Read configuration through $lib/server/config.' }
			],
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['$env/*'], message: 'Read configuration through $lib/server/config.' },
						{
							group: ['@langchain/*', 'langchain', 'openai'],
							message: 'Only $lib/server/llm may import LangChain or provider SDKs.'
						}
					]
				}
			]
		}
	},
	{
		// Fence 3: lib/server/llm is the one place that may import LangChain and provider SDKs.
		files: ['src/lib/server/llm/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['$env/*'], message: 'Read configuration through $lib/server/config.' }] }
			]
		}
	}
);
