/**
 * `data-connectors request <definition.json> <endpointKey> ...`: builds the request exactly as the
 * n8n nodes do and prints it (default), prints it as curl (--curl), or sends it (--send).
 * Sending anything but GET needs --allow-write, because testing a write endpoint changes real data.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDefinitionText } from '../definition/validate';
import type { ConnectorDefinition, EndpointDefinition } from '../definition/types';
import type { CredentialValues } from '../auth/apply';
import { previewEndpoint, sendEndpoint } from '../registry/test-endpoint';
import { toCurl } from './curl';
import type { CliIo } from './io';
import { jsonArgument, UsageError } from './load';
import { send } from './transport';

export const REQUEST_USAGE =
	"usage: data-connectors request <definition.json> <endpointKey> [--input '<json>'] [--item '<json>'] [--credentials '<json or file>'] [--base-url <url>] [--curl | --send [--allow-write]] [--timeout <ms>]";

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
	timeout?: string;
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
	if (!values.send) {
		const { printable, verifyTls } = previewEndpoint(connector, endpoint, options);
		const output = values.curl ? toCurl(printable, verifyTls) : JSON.stringify({ ...printable, body: printable.body ?? null }, null, 2);
		io.stdout.write(`${output}\n`);
		return 0;
	}
	const timeoutMs = values.timeout ? Number(values.timeout) : 30_000;
	if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout must be a positive number of milliseconds');
	const result = await sendEndpoint(
		connector,
		endpoint,
		{ ...options, allowWrite: values['allow-write'], allowWriteHint: 'add --allow-write', timeoutMs },
		send,
	);
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
