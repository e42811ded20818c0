/**
 * `data-connectors request <definition.json> <endpointKey> ...`: builds the request exactly as the
 * n8n nodes do and prints it (default), prints it as curl (--curl), or sends it (--send).
 * Sending anything but GET needs --allow-write, because testing a write endpoint changes real data.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDefinitionText } from '../definition/validate';
import { buildRequest } from '../request/build';
import { fullUrl } from '../request/spec';
import { applyAuth, type CredentialValues, secretValues } from '../auth/apply';
import { isOAuth2, readTokenResponse, tokenRequest } from '../auth/oauth2';
import { printableRequest, Redactor } from '../redact';
import { httpErrorFor } from '../response/errors';
import { headerValue } from '../response/types';
import { toCurl } from './curl';
import type { CliIo } from './io';
import { jsonArgument, UsageError } from './load';
import { send } from './transport';

export const REQUEST_USAGE =
	"usage: data-connectors request <definition.json> <endpointKey> [--input '<json>'] [--item '<json>'] [--credentials '<json or file>'] [--base-url <url>] [--curl | --send [--allow-write]] [--timeout <ms>]";

function asObject(value: unknown, option: string): Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${option} must be a JSON object`);
	return value as Record<string, unknown>;
}

export async function requestCommand(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			input: { type: 'string' },
			item: { type: 'string' },
			credentials: { type: 'string' },
			'base-url': { type: 'string' },
			curl: { type: 'boolean' },
			send: { type: 'boolean' },
			'allow-write': { type: 'boolean' },
			timeout: { type: 'string' },
		},
	});
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
	const credentials = (values.credentials ? asObject(jsonArgument(values.credentials, '--credentials', io.cwd), '--credentials') : {}) as CredentialValues;
	const built = buildRequest({
		connector,
		endpoint,
		inputs: values.input ? asObject(jsonArgument(values.input, '--input', io.cwd), '--input') : {},
		item: values.item ? jsonArgument(values.item, '--item', io.cwd) : {},
		baseUrl: values['base-url'] ?? credentials.baseUrl,
		verifyTls: credentials.allowUnauthorizedCerts === true ? false : undefined,
	});
	const secretHeaders = new Set(connector.auth.type === 'apiKey' && connector.auth.in === 'header' ? [connector.auth.name.toLowerCase()] : []);

	if (!values.send) {
		const preview = applyAuth(built, connector.auth, credentials, { placeholders: true });
		const printable = printableRequest(preview.spec, new Redactor(preview.secrets, secretHeaders));
		const output = values.curl
			? toCurl(printable, preview.spec.verifyTls)
			: JSON.stringify({ ...printable, body: printable.body ?? null }, null, 2);
		io.stdout.write(`${output}\n`);
		return 0;
	}

	if (endpoint.method !== 'GET' && !values['allow-write']) {
		throw new UsageError(
			`endpoint "${endpoint.key}" uses ${endpoint.method}, which can change data; add --allow-write to really send it`,
		);
	}
	const timeout = values.timeout ? Number(values.timeout) : 30_000;
	if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a positive number of milliseconds');

	let accessToken: string | undefined;
	if (isOAuth2(connector.auth) && !credentials.accessToken) {
		const tokenSpec = tokenRequest(connector.auth, credentials, built.spec.verifyTls);
		const answer = await send(tokenSpec, timeout);
		accessToken = readTokenResponse(answer.status, answer.body, tokenSpec.url).accessToken;
	}
	const authed = applyAuth(built, connector.auth, credentials, { accessToken });
	const redactor = new Redactor([...authed.secrets, ...secretValues(connector.auth, credentials)], secretHeaders);
	const response = await send(authed.spec, timeout);
	let body: unknown = response.body;
	if ((headerValue(response.headers, 'content-type') ?? '').includes('json') || /^\s*[[{]/.test(response.body)) {
		try {
			body = JSON.parse(response.body) as unknown;
		} catch {
			// not JSON after all: print the text
		}
	}
	io.stdout.write(`${JSON.stringify(redactor.value({ status: response.status, headers: response.headers, body }), null, 2)}\n`);
	if (response.status >= 200 && response.status < 300) return 0;
	const error = httpErrorFor(endpoint, response, { method: authed.spec.method, url: redactor.text(fullUrl(authed.spec)) });
	io.stderr.write(`${redactor.text(error.message)}\n`);
	return 1;
}
