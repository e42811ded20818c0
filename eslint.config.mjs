// One lint config for the whole package (`npm run lint` = `eslint .`).
//
//   node code (nodes/, credentials/, src/ except src/cli/)  n8n community-node rules incl. the
//                                                          n8n Cloud rules (no process, timers, fs);
//                                                          src/ without require-node-api-error (below)
//   src/cli/                                               n8n rules without the Cloud rules: the CLI
//                                                          is not loaded by n8n and may use node:*
//   test/, bench/                                          TypeScript rules only
//   package.json                                           the plugin's package.json rules
//   *.js (index.js, bin/, gulpfile.js, jest config, ...)   plain CommonJS, parse + a few core rules
//   hub/studio/**/*.js                                     the Connector Studio: browser ES modules
//
// Every .ts file also gets typescript-eslint's `recommended` (no type information needed).
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const { recommended: n8nRecommended, recommendedWithoutN8nCloudSupport: n8nWithoutCloud } =
	n8nCommunityNodesPlugin.configs;

const NODE_CODE = ['nodes/**/*.ts', 'credentials/**/*.ts', 'src/**/*.ts'];
const CLI_CODE = ['src/cli/**/*.ts'];

/** Globals of a CommonJS file run by Node (kept inline so the config needs no extra package). */
const nodeCommonJsGlobals = Object.fromEntries(
	['require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', 'Buffer'].map((name) => [
		name,
		'readonly',
	]),
);

/** Globals of the Connector Studio's browser modules (hub/studio/). */
const browserGlobals = Object.fromEntries(
	['window', 'document', 'location', 'history', 'sessionStorage', 'fetch', 'URLSearchParams', 'HTMLElement', 'Node', 'setTimeout', 'clearTimeout', 'console'].map(
		(name) => [name, 'readonly'],
	),
);

export default defineConfig([
	// Build output, installs, and the private n8n user folders of the tests, the demo and the bench.
	globalIgnores(['dist/', 'hub/dist/', 'dist-bench/', 'node_modules/', 'coverage/', '.n8n-*/', '**/*.tgz']),

	// TypeScript everywhere.
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
	},

	// Code that n8n loads, possibly on n8n Cloud.
	{
		files: NODE_CODE,
		ignores: CLI_CODE,
		extends: [n8nRecommended],
	},

	// The registry folder, for the CLI and the Connector Hub (never loaded by nodes: a test follows
	// their imports): writing it safely (store.ts, fs-safe.ts: atomic writes, a lock file, process
	// ids) and reading exported workflows (workflow-files.ts). The rest of src/registry/ is pure.
	{
		files: ['src/registry/store.ts', 'src/registry/fs-safe.ts', 'src/registry/workflow-files.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
		},
	},

	// The command-line tool: same rules, minus no-restricted-globals / no-restricted-imports.
	{
		files: CLI_CODE,
		extends: [n8nWithoutCloud],
	},

	// src/ is the n8n-free runtime (DESIGN.md: no n8n types in its core) and the CLI. It throws its
	// own small error vocabulary (DefinitionError, TemplateError, UrlError, ...), which the node layer
	// in nodes/ wraps into NodeApiError / NodeOperationError; it has no INode to build those from.
	// require-node-api-error keeps applying to nodes/ and credentials/, where that wrapping belongs.
	{
		files: ['src/**/*.ts'],
		rules: {
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},

	// package.json: the plugin's rules walk the JSON as an ESTree ObjectExpression, which the
	// TypeScript parser produces for .json files (as n8n's own node-cli config does).
	{
		files: ['package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		plugins: n8nRecommended.plugins,
		rules: n8nRecommended.rules,
	},

	// Plain CommonJS scripts.
	{
		files: ['**/*.js', '**/*.cjs'],
		languageOptions: {
			sourceType: 'commonjs',
			ecmaVersion: 2022,
			globals: nodeCommonJsGlobals,
		},
		rules: {
			'no-undef': 'error',
			'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
		},
	},

	// The Connector Studio: ES modules the hub serves to the browser as they are (no build step).
	{
		files: ['hub/studio/**/*.js'],
		languageOptions: { sourceType: 'module', ecmaVersion: 2022, globals: browserGlobals },
	},
]);
