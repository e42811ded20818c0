/**
 * `data-connectors import curl`: one curl command becomes a draft connector with one endpoint.
 * Every -d/--data* form is understood (repeated --data-urlencode, JSON bodies, -G), -u and
 * Authorization headers become the auth type without their secret, -k turns TLS verification off
 * (reported), and what has no place in the format (-F file parts, cookies, @file data) is reported.
 */
import { AuthCollector } from '../credentials';
import { connectorIdentity, nameFromHost, type ConnectorNaming } from '../connector-naming';
import { finishDraft } from '../draft';
import { endpointFromLiteral, type LiteralBody } from '../literal-request';
import { KeyScope } from '../names';
import { ImportRefusal, ImportReport, type ImportResult } from '../report';
import { type CurlCommand, type DataPart, parseCurl } from './parse';
import { ShellSyntaxError } from './tokenize';

export interface CurlImportOptions extends ConnectorNaming {
	/** Replaces the origin of the command's URL as the connector's base URL. */
	baseUrl?: string;
}

const WHERE = 'curl command';

/** The body text curl would send, part by part, joined with "&" as curl does. */
function dataText(parts: DataPart[], report: ImportReport): string {
	const pieces: string[] = [];
	for (const part of parts) {
		if (part.kind === 'urlencode') {
			const match = /^([^=@]*)([=@])(.*)$/s.exec(part.text);
			if (match?.[2] === '@') {
				report.dropped(`${WHERE} --data-urlencode ${part.text}`, 'data read from a file cannot be imported: add the field by hand');
				continue;
			}
			if (!match) pieces.push(encodeURIComponent(part.text));
			else pieces.push(match[1] ? `${match[1]}=${encodeURIComponent(match[3])}` : encodeURIComponent(match[3]));
		} else if (part.kind === 'data' && part.option !== '--data-raw' && part.text.startsWith('@')) {
			report.dropped(`${WHERE} ${part.option} ${part.text}`, 'data read from a file cannot be imported: add the body by hand');
		} else {
			// -d and --data-ascii strip newlines like curl does; --data-binary and --data-raw send as is.
			pieces.push(part.kind === 'data' && /^(-d|--data|--data-ascii)$/.test(part.option) ? part.text.replace(/[\r\n]/g, '') : part.text);
		}
	}
	return pieces.join('&');
}

function formPairs(text: string): Array<[string, string]> | undefined {
	if (!text) return [];
	const pairs: Array<[string, string]> = [];
	for (const piece of text.split('&')) {
		const eq = piece.indexOf('=');
		if (eq <= 0) return undefined;
		const decode = (value: string) => {
			try {
				return decodeURIComponent(value.replace(/\+/g, ' '));
			} catch {
				return value;
			}
		};
		pairs.push([decode(piece.slice(0, eq)), decode(piece.slice(eq + 1))]);
	}
	return pairs;
}

function parseJson(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) };
	} catch {
		return undefined;
	}
}

function bodyOf(command: CurlCommand, text: string, contentType: string | undefined, report: ImportReport): LiteralBody | undefined {
	const declaredJson = command.data.some((part) => part.kind === 'json') || /\bjson\b/i.test(contentType ?? '');
	if (declaredJson || (!contentType && /^\s*[[{]/.test(text))) {
		const json = parseJson(text);
		if (json) {
			if (!declaredJson) report.approximated(WHERE, 'the data is JSON but no Content-Type said so (curl would send it as a form): imported as a JSON body');
			return { kind: 'json', value: json.value };
		}
		report.approximated(WHERE, 'the body is not valid JSON: kept as raw text');
		return { kind: 'raw', contentType: contentType ?? 'application/json', text };
	}
	if (!contentType || /x-www-form-urlencoded/i.test(contentType)) {
		const pairs = formPairs(text);
		if (pairs) return { kind: 'form', fields: pairs };
		return { kind: 'raw', contentType: contentType ?? 'application/x-www-form-urlencoded', text };
	}
	return { kind: 'raw', contentType, text };
}

function multipartFields(command: CurlCommand, report: ImportReport): Array<[string, string]> {
	const fields: Array<[string, string]> = [];
	for (const form of command.forms) {
		const eq = form.indexOf('=');
		const name = eq < 0 ? form : form.slice(0, eq);
		const value = eq < 0 ? '' : form.slice(eq + 1);
		if (value.startsWith('@') || value.startsWith('<')) report.dropped(`${WHERE} -F ${name}`, 'file upload parts are not supported by the connector format: dropped');
		else fields.push([name, value.replace(/;type=[^;]*$/, '')]);
	}
	if (fields.length) report.approximated(`${WHERE} -F`, 'multipart/form-data text fields were imported as a URL-encoded form body');
	return fields;
}

function parsedUrl(command: CurlCommand, report: ImportReport): URL {
	if (!command.url) throw new ImportRefusal('the curl command has no URL');
	for (const extra of command.extraUrls) report.dropped(`${WHERE} ${extra}`, 'only the first URL of a command is imported');
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(command.url) ? command.url : `http://${command.url}`;
	if (withScheme !== command.url) report.approximated(WHERE, `the URL has no scheme: http:// assumed, like curl does`);
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		throw new ImportRefusal(`the URL "${command.url}" is not valid`);
	}
	if (!/^https?:$/.test(url.protocol)) throw new ImportRefusal(`only http and https URLs can be imported, not ${url.protocol}`);
	return url;
}

export function importCurl(text: string, options: CurlImportOptions = {}): ImportResult {
	const report = new ImportReport();
	let command: CurlCommand;
	try {
		command = parseCurl(text);
	} catch (error) {
		throw new ImportRefusal(error instanceof ShellSyntaxError ? `the command cannot be read: ${error.message}` : (error as Error).message);
	}
	const url = parsedUrl(command, report);
	const auth = new AuthCollector(report);
	if (url.username || url.password) auth.basic(`${WHERE} URL`);
	if (command.user !== undefined) auth.basic(`${WHERE} -u`);
	if (command.bearer !== undefined) auth.bearer(`${WHERE} --oauth2-bearer`);
	if (command.cookies.length) report.dropped(`${WHERE} -b`, 'cookies are session credentials: dropped, the value was not written');
	for (const option of command.ignored) report.note(`${WHERE} ${option}`, 'ignored: it changes how curl runs, not the request');
	for (const option of command.unknown) report.dropped(`${WHERE} ${option}`, 'unknown option: ignored');

	const contentType = command.headers.find(([name]) => /^content-type$/i.test(name))?.[1];
	const text_ = dataText(command.data, report);
	const query: Array<[string, string]> = [...url.searchParams];
	for (const pair of command.urlQueries) {
		const eq = pair.indexOf('=');
		if (eq > 0) query.push([pair.slice(0, eq), pair.slice(eq + 1)]);
		else report.dropped(`${WHERE} --url-query ${pair}`, 'only name=value query parts are imported');
	}
	let body: LiteralBody | undefined;
	if (command.get) query.push(...(formPairs(text_) ?? [])); // -G: the data goes into the query string
	else if (command.data.length) body = bodyOf(command, text_, contentType, report);
	else if (command.forms.length) body = { kind: 'form', fields: multipartFields(command, report) };

	const method = command.method ?? (command.head ? 'HEAD' : body ? 'POST' : 'GET');
	const keys = new KeyScope();
	const endpoint = endpointFromLiteral({ where: WHERE, method, path: url.pathname, query, headers: command.headers, body }, keys, auth, report);
	if (!endpoint) throw new ImportRefusal(`the ${method} request cannot be imported (see the report)`);
	if (command.insecure) report.note(`${WHERE} -k`, 'TLS certificate verification is off for this connector (verifyTls: false), as -k asked');

	const identity = connectorIdentity(nameFromHost(url.hostname), options);
	const connector = finishDraft(
		{
			...identity,
			description: `Imported from a curl command for ${url.origin}.`,
			categories: ['Imported'],
			baseUrl: options.baseUrl ?? url.origin,
			auth: auth.auth,
			...(command.insecure ? { verifyTls: false } : {}),
			endpoints: [endpoint],
		},
		report,
	);
	return { connector, report: report.entries, stats: { operations: 1, kept: connector.endpoints.length } };
}
