/**
 * n8n's rules for verified community nodes: node and credential code reads no environment variable
 * and no file. Every module a node or credential loads (followed through its imports, in the
 * TypeScript sources and in the built dist/) is checked for process.env and for the fs module.
 * Type-only imports load nothing and are not followed; JSON files (packaged connectors) are data.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };

/** Relative module specifiers a file loads at run time (import/export ... from, require(), import()). */
function loadedSpecifiers(text: string): string[] {
	const found: string[] = [];
	const patterns = [
		/^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm,
		/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
		/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
	];
	for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]);
	return found;
}

function resolveModule(from: string, specifier: string, extensions: string[]): string | undefined {
	const base = resolve(dirname(from), specifier);
	for (const candidate of [base, ...extensions.map((ext) => base + ext), ...extensions.map((ext) => join(base, `index${ext}`))]) {
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	}
	return undefined;
}

const FILE_SYSTEM = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);

/** Every module the entry files load, with the problems found in each. */
function scan(entries: string[], extensions: string[]): { files: string[]; problems: string[] } {
	const seen = new Set<string>();
	const problems: string[] = [];
	const queue = [...entries];
	while (queue.length) {
		const file = queue.pop() as string;
		if (seen.has(file)) continue;
		seen.add(file);
		if (file.endsWith('.json')) continue;
		const text = readFileSync(file, 'utf8');
		const name = relative(root, file);
		if (/\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*['"]env['"]\s*\]/.test(text)) problems.push(`${name} reads process.env`);
		for (const specifier of loadedSpecifiers(text)) {
			if (FILE_SYSTEM.has(specifier)) problems.push(`${name} loads ${specifier}`);
			if (!specifier.startsWith('.')) continue;
			const target = resolveModule(file, specifier, extensions);
			if (!target) throw new Error(`${name}: cannot resolve ${specifier}`);
			queue.push(target);
		}
	}
	return { files: [...seen], problems };
}

const sourceOf = (built: string) => join(root, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];

describe('nodes and credentials read no environment variable and no file', () => {
	test('TypeScript sources, followed through their imports', () => {
		const { files, problems } = scan(entries.map(sourceOf), ['.ts', '.json']);
		expect(files.map((file) => relative(root, file))).toEqual(expect.arrayContaining(['nodes/shared/catalog.ts', 'nodes/shared/hub/client.ts', 'src/index.ts']));
		expect(problems).toEqual([]);
	});

	test('the built package (dist/), as n8n loads it', () => {
		const built = entries.map((entry) => join(root, entry));
		expect(built.filter((file) => !existsSync(file))).toEqual([]);
		const { files, problems } = scan(built, ['.js', '.json']);
		expect(files.length).toBeGreaterThan(entries.length);
		expect(problems).toEqual([]);
	});

	test('the check finds what it looks for', () => {
		expect(loadedSpecifiers("import { readFileSync } from 'node:fs';\nimport type { X } from './x';\nconst fs = require('fs');")).toEqual(['node:fs', 'fs']);
		const { problems } = scan([join(root, 'src', 'cli', 'registry-command.ts')], ['.ts', '.json']);
		expect(problems).toEqual(expect.arrayContaining(['src/cli/registry-command.ts reads process.env', 'src/registry/store.ts loads node:fs']));
	});
});
