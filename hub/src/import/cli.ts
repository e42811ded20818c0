/**
 * `data-connectors import openapi|postman|curl …`: the root CLI delegates here (this package holds
 * the parser dependencies; the n8n package has none). Prints the draft connector as JSON (or
 * writes it with --out) and the report on stderr; --json prints { connector, report, stats }.
 * Exit codes: 0 imported, 1 refused, 2 wrong usage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importCurl } from './curl/import';
import { importOpenApi } from './openapi/import';
import { importPostman } from './postman/import';
import { ImportRefusal, type ImportResult, type ReportEntry } from './report';

export interface ImportIo {
	stdout: { write(text: string): unknown };
	stderr: { write(text: string): unknown };
	cwd: string;
	/** Reads all of standard input (curl command from a pipe). */
	readStdin?: () => Promise<string>;
}

export const IMPORT_USAGE = `usage: data-connectors import openapi <file.json|file.yaml> [--tag <tag>] [--operations <id,id>] [--base-url <url>]
       data-connectors import postman <collection.json> [--base-url <url>]
       data-connectors import curl ['<curl command>' | -]   (no command or "-": read it from standard input)
  common options: --key <connectorKey> --name <name> --out <file.json> --json`;

const OPTIONS = {
	tag: { type: 'string', multiple: true },
	operations: { type: 'string' },
	'base-url': { type: 'string' },
	key: { type: 'string' },
	name: { type: 'string' },
	out: { type: 'string' },
	json: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' },
} as const;

function readSource(file: string, io: ImportIo): string {
	try {
		return readFileSync(resolve(io.cwd, file), 'utf8');
	} catch (error) {
		throw new ImportRefusal(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
	}
}

function formatReport(entries: ReportEntry[]): string {
	if (!entries.length) return 'nothing was dropped or approximated\n';
	const order = ['dropped', 'approximated', 'note'] as const;
	return order
		.flatMap((kind) => entries.filter((entry) => entry.kind === kind).map((entry) => `${kind.padEnd(12)} ${entry.where}: ${entry.message}\n`))
		.join('');
}

async function run(format: string | undefined, positionals: string[], values: Record<string, unknown>, io: ImportIo): Promise<ImportResult | number> {
	const naming = { key: values.key as string | undefined, name: values.name as string | undefined, baseUrl: values['base-url'] as string | undefined };
	const [source, ...extra] = positionals;
	if (format === 'curl') {
		// A command given unquoted arrives as several words: join them back.
		const text = source === undefined || source === '-' ? await (io.readStdin?.() ?? Promise.resolve('')) : [source, ...extra].join(' ');
		if (!text.trim()) throw new ImportRefusal('no curl command given (pass it quoted, or pipe it on standard input)');
		return importCurl(text, naming);
	}
	if (!source || extra.length) {
		io.stderr.write(`${IMPORT_USAGE}\n`);
		return 2;
	}
	if (format === 'openapi') {
		const operations = (values.operations as string | undefined)?.split(',').map((id) => id.trim()).filter(Boolean);
		return importOpenApi(readSource(source, io), { ...naming, source, tags: values.tag as string[] | undefined, operations });
	}
	if (format === 'postman') return importPostman(readSource(source, io), naming);
	io.stderr.write(`data-connectors import: unknown format "${format ?? ''}"\n${IMPORT_USAGE}\n`);
	return 2;
}

export async function importCommand(args: string[], io: ImportIo): Promise<number> {
	const [format, ...rest] = args;
	let parsed;
	try {
		parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
	} catch (error) {
		io.stderr.write(`data-connectors import: ${(error as Error).message}\n${IMPORT_USAGE}\n`);
		return 2;
	}
	if (parsed.values.help || format === undefined || format === '--help' || format === '-h') {
		io.stdout.write(`${IMPORT_USAGE}\n`);
		return format === undefined ? 2 : 0;
	}
	let result: ImportResult | number;
	try {
		result = await run(format, parsed.positionals, parsed.values, io);
	} catch (error) {
		if (!(error instanceof ImportRefusal)) throw error;
		if (parsed.values.json) io.stdout.write(`${JSON.stringify({ refused: error.message }, null, 2)}\n`);
		io.stderr.write(`data-connectors import ${format}: refused: ${error.message}\n`);
		return 1;
	}
	if (typeof result === 'number') return result;
	const definition = `${JSON.stringify(result.connector, null, 2)}\n`;
	const out = parsed.values.out;
	if (out) writeFileSync(resolve(io.cwd, out), definition);
	if (parsed.values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	else if (!out) io.stdout.write(definition);
	const summary = `imported ${result.stats.kept} of ${result.stats.operations} operations as draft connector "${result.connector.key}"${out ? ` into ${out}` : ''}\n`;
	io.stderr.write(summary + formatReport(result.report));
	return 0;
}
