/** Reading definition files from disk for the CLI: files as given, folders as every *.json inside. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export interface DefinitionFile {
	/** The path as the user will recognise it (relative to the working folder). */
	source: string;
	text: string;
}

export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

function display(path: string, cwd: string): string {
	const rel = relative(cwd, path);
	return rel.startsWith('..') ? path : rel;
}

export function expandPaths(paths: string[], cwd: string): string[] {
	const files: string[] = [];
	for (const path of paths) {
		const absolute = resolve(cwd, path);
		let stats;
		try {
			stats = statSync(absolute);
		} catch {
			throw new UsageError(`${path}: no such file or folder`);
		}
		if (stats.isDirectory()) {
			const entries = readdirSync(absolute, { recursive: true, encoding: 'utf8' })
				.filter((name) => name.endsWith('.json'))
				.sort();
			if (entries.length === 0) throw new UsageError(`${path}: the folder holds no .json files`);
			files.push(...entries.map((name) => join(absolute, name)));
		} else files.push(absolute);
	}
	return files;
}

export function readDefinitionFiles(paths: string[], cwd: string): DefinitionFile[] {
	return expandPaths(paths, cwd).map((file) => ({ source: display(file, cwd), text: readFileSync(file, 'utf8') }));
}

/** "line 2, column 14" of a character offset. */
function lineAndColumn(text: string, offset: number): string {
	const before = text.slice(0, offset).split('\n');
	return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/**
 * Where JSON.parse stopped, without its message: V8 quotes the text around the error, and
 * --credentials or --input hold secrets.
 */
function jsonErrorPlace(text: string, error: unknown): string {
	const message = error instanceof Error ? error.message : '';
	const position = /position (\d+)/.exec(message)?.[1];
	if (position !== undefined) return `at ${lineAndColumn(text, Number(position))}`;
	return /end of (JSON|data) input|Unterminated/i.test(message) ? 'it ends too early' : 'check quotes, commas and brackets';
}

/**
 * A JSON argument given inline or as the path of a file holding it. A parse error says where, never
 * what: the argument may hold secrets. Only `echo` arguments (a definition path) are repeated.
 */
export function jsonArgument(value: string, option: string, cwd: string, { echo = false } = {}): unknown {
	const trimmed = value.trim();
	let text = trimmed;
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
		try {
			text = readFileSync(resolve(cwd, trimmed), 'utf8');
		} catch {
			throw new UsageError(
				echo ? `${option}: "${value}" is neither JSON nor a readable file` : `${option}: neither JSON (starting with { or [) nor a readable file (the value is not shown: it may hold secrets)`,
			);
		}
	}
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new UsageError(`${option}: not valid JSON, ${jsonErrorPlace(text, error)}`);
	}
}
