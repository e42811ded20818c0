/**
 * `data-connectors request <definition.json> <endpointKey> ...`: builds the request exactly as the
 * n8n nodes do and prints it (default), prints it as curl (--curl), or sends it (--send). A
 * paginated endpoint's request is its first page, as the node's first request; --all-pages
 * follows the pages like the node, up to --max-records (1000 by default).
 * Sending anything but GET needs --allow-write, because testing a write endpoint changes real data.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDefinitionText } from '../definition/validate';
import type { ConnectorDefinition, EndpointDefinition } from '../definition/types';
import type { CredentialValues } from '../auth/apply';
import { sendAllPages } from '../registry/endpoint-pages';
import { previewEndpoint, sendEndpoint } from '../registry/test-endpoint';
import { toCurl } from './curl';
import type { CliIo } from './io';
import { jsonArgument, UsageError } from './load';
import { send } from './transport';

export const REQUEST_USAGE =
	"usage: data-connectors request <definition.json> <endpointKey> [--input '<json>'] [--item '<json>'] [--credentials '<json or file>'] [--base-url <url>] [--curl | --send [--allow-write] [--all-pages [--max-records <n>]]] [--timeout <ms>]";

/** Records `--all-pages` collects at most unless `--max-records` says otherwise. */
export const DEFAULT_MAX_RECORDS = 1000;

export function asObject(value: unknown, option: string): Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${option} must be a JSON object`);
	return value as Record<string, unknown>;
}

/** The options of every command that calls one endpoint (`request`, and the registry's `test`). */
export const ENDPOINT_CALL_OPTIONS = {
	input: { type: 'string' },
	item: { type: 'string' },
	credentials: { type: 'string' },
	'base-url': { type: 'string' },
	curl: { type: 'boolean' },
	send: { type: 'boolean' },
	'allow-write': { type: 'boolean' },
	'all-pages': { type: 'boolean' },
	'max-records': { type: 'string' },
	timeout: { type: 'string' },
} as const;

export interface EndpointCallValues {
	input?: string;
	item?: string;
	credentials?: string;
	'base-url'?: string;
	curl?: boolean;
	send?: boolean;
	'allow-write'?: boolean;
	'all-pages'?: boolean;
	'max-records'?: string;
	timeout?: string;
}

function positiveNumber(text: string | undefined, option: string, fallback: number, unit: string): number {
	if (text === undefined) return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${option} must be a positive whole number of ${unit}`);
	return value;
}

/**
 * Prints the endpoint's request (JSON or --curl) or, with --send, performs it and prints the
 * response; an error status exits 1 with the endpoint's message. A write method needs
 * --allow-write (checked again by sendEndpoint).
 */
export async function callEndpoint(
	connector: ConnectorDefinition,
	endpoint: EndpointDefinition,
	values: EndpointCallValues,
	io: CliIo,
	/** `test`: fill missing inputs from sampleData, and say `ok` in the printed result. */
	asTest: boolean,
): Promise<number> {
	const credentials = (values.credentials ? asObject(jsonArgument(values.credentials, '--credentials', io.cwd), '--credentials') : {}) as CredentialValues;
	const options = {
		inputs: values.input ? asObject(jsonArgument(values.input, '--input', io.cwd), '--input') : {},
		item: values.item ? jsonArgument(values.item, '--item', io.cwd) : {},
		credentials,
		useSampleData: asTest,
		...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
	};
	if ((values['all-pages'] || values['max-records'] !== undefined) && !values.send) {
		throw new UsageError('--all-pages and --max-records follow pages of real responses: add --send');
	}
	if (values['max-records'] !== undefined && !values['all-pages']) throw new UsageError('--max-records goes with --all-pages');
	if (!values.send) {
		const { printable, verifyTls } = previewEndpoint(connector, endpoint, options);
		const output = values.curl ? toCurl(printable, verifyTls) : JSON.stringify({ ...printable, body: printable.body ?? null }, null, 2);
		io.stdout.write(`${output}\n`);
		return 0;
	}
	const timeoutMs = positiveNumber(values.timeout, '--timeout', 30_000, 'milliseconds');
	const sendOptions = { ...options, allowWrite: values['allow-write'], allowWriteHint: 'add --allow-write', timeoutMs };
	if (values['all-pages']) {
		const maxRecords = positiveNumber(values['max-records'], '--max-records', DEFAULT_MAX_RECORDS, 'records');
		const pages = await sendAllPages(connector, endpoint, { ...sendOptions, maxRecords }, send);
		const { ok, error, ...shown } = pages;
		io.stdout.write(`${JSON.stringify(asTest ? { ok, ...shown } : shown, null, 2)}\n`);
		if (ok) return 0;
		io.stderr.write(`${error}\n`);
		return 1;
	}
	const result = await sendEndpoint(connector, endpoint, sendOptions, send);
	const shown = { status: result.status, headers: result.headers, body: result.body };
	io.stdout.write(`${JSON.stringify(asTest ? { ok: result.ok, ...shown } : shown, null, 2)}\n`);
	if (result.ok) return 0;
	io.stderr.write(`${result.error}\n`);
	return 1;
}

export async function requestCommand(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: ENDPOINT_CALL_OPTIONS });
	if (positionals.length !== 2) throw new UsageError(REQUEST_USAGE);
	const [file, endpointKey] = positionals;
	let text: string;
	try {
		text = readFileSync(resolve(io.cwd, file), 'utf8');
	} catch {
		throw new UsageError(`${file}: cannot read the file`);
	}
	const connector = parseDefinitionText(text, file);
	const endpoint = connector.endpoints.find((candidate) => candidate.key === endpointKey);
	if (!endpoint) {
		throw new UsageError(
			`${file}: no endpoint "${endpointKey}"; the endpoints are ${connector.endpoints.map((e) => e.key).join(', ')}`,
		);
	}
	// Checked before anything is read or sent: a forgotten flag is a usage mistake (exit 2).
	if (values.send && endpoint.method !== 'GET' && !values['allow-write']) {
		throw new UsageError(
			`endpoint "${endpoint.key}" uses ${endpoint.method}, which can change data; add --allow-write to really send it`,
		);
	}
	// `request` sends exactly the inputs given: a missing required input is an error, not a sample.
	return await callEndpoint(connector, endpoint, values, io, false);
}
