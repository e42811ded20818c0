/**
 * Validation of connector definitions: the schema first (shape, types, unknown fields), then the
 * rules a schema cannot say (unique keys, templates that only reference declared inputs, no secrets
 * in headers). A definition that passes is normalized (defaults filled) and trusted from then on.
 */
import { connectorSchema } from './schema';
import type { ConnectorDefinition, EndpointDefinition } from './types';
import { type DefinitionProblem, formatProblem, pointer, problemsFromIssues } from './issues';
import { isTemplate, placeholdersOf, TemplateSyntaxError } from '../template/parse';
import { headerValueProblem } from '../request/headers';
import { CREDENTIAL_COOKIE, parseCookies } from '../request/cookies';
import { webhookProblems } from './webhook-rules';
import { optionsFromProblems } from './options-from';

export type { DefinitionProblem } from './issues';

export class DefinitionError extends Error {
	constructor(
		readonly source: string,
		readonly problems: DefinitionProblem[],
	) {
		super(problems.map((problem) => formatProblem(source, problem)).join('\n'));
		this.name = 'DefinitionError';
	}
}

export type ValidationResult =
	| { ok: true; definition: ConnectorDefinition; problems: [] }
	| { ok: false; problems: DefinitionProblem[] };

/** Header names that carry credentials. Their values belong in an n8n credential, never in a file. */
const SECRET_HEADER = /^(authorization|proxy-authorization|x-?api-?key|api-?key|x-auth-token|x-access-token)$|secret|password|passwd|api[-_]?key|access[-_]?token/i;
const SECRET_VALUE = /^\s*(bearer|basic|token|digest)\s+\S+/i;

function templateProblems(definition: ConnectorDefinition): DefinitionProblem[] {
	const problems: DefinitionProblem[] = [];
	const settings = new Set(Object.keys(definition.settings));

	const check = (value: unknown, path: PropertyKey[], inputs: ReadonlySet<string> | undefined): void => {
		if (typeof value === 'string') {
			let placeholders;
			try {
				placeholders = placeholdersOf(value);
			} catch (error) {
				if (!(error instanceof TemplateSyntaxError)) throw error;
				problems.push({ path: pointer(path), message: error.message });
				return;
			}
			for (const placeholder of placeholders) {
				const name = String(placeholder.path[0]);
				if (placeholder.root === 'settings' && !settings.has(name)) {
					problems.push({ path: pointer(path), message: `${placeholder.source} refers to an undeclared setting "${name}"` });
				}
				if (placeholder.root === 'inputs' && !inputs) {
					problems.push({
						path: pointer(path),
						message: `${placeholder.source}: connector headers cannot use endpoint inputs; use {{ settings.* }} or move the header to the endpoints`,
					});
				} else if (placeholder.root === 'inputs' && inputs && !inputs.has(name)) {
					problems.push({ path: pointer(path), message: `${placeholder.source} refers to an undeclared input "${name}"` });
				}
			}
		} else if (Array.isArray(value)) {
			value.forEach((element, index) => check(element, [...path, index], inputs));
		} else if (value !== null && typeof value === 'object') {
			for (const [field, fieldValue] of Object.entries(value)) check(fieldValue, [...path, field], inputs);
		}
	};

	definition.headers.forEach((header, index) => check(header.value, ['headers', index, 'value'], undefined));
	definition.endpoints.forEach((endpoint, index) => {
		const inputs = new Set(endpoint.inputs.map((input) => input.name));
		const base = ['endpoints', index];
		check(endpoint.path, [...base, 'path'], inputs);
		endpoint.query.forEach((param, i) => check(param.value, [...base, 'query', i, 'value'], inputs));
		endpoint.headers.forEach((header, i) => check(header.value, [...base, 'headers', i, 'value'], inputs));
		// Every string of a body may be a template: JSON values, form and multipart fields, file names.
		if (endpoint.body) check(endpoint.body, [...base, 'body'], inputs);
		if (endpoint.response.file?.fileName) check(endpoint.response.file.fileName, [...base, 'response', 'file', 'fileName'], inputs);
	});
	return problems;
}

function headerProblems(headers: ConnectorDefinition['headers'], path: PropertyKey[]): DefinitionProblem[] {
	const problems: DefinitionProblem[] = [];
	headers.forEach((header, index) => {
		// A Cookie header may carry plain cookies (a language, a feature flag); a session or credential
		// cookie belongs in the credential (an API key with "in": "cookie").
		const secretCookie =
			header.key.toLowerCase() === 'cookie' ? parseCookies(header.value).find(([name]) => CREDENTIAL_COOKIE.test(name)) : undefined;
		if (secretCookie) {
			problems.push({
				path: pointer([...path, index]),
				message: `cookie "${secretCookie[0]}" looks like a credential; secrets never go into a definition: send an API key as a cookie with "auth": { "type": "apiKey", "in": "cookie", "name": "${secretCookie[0]}" } and keep it in an n8n credential`,
			});
		} else if (SECRET_HEADER.test(header.key) || SECRET_VALUE.test(header.value)) {
			problems.push({
				path: pointer([...path, index]),
				message: `header "${header.key}" looks like a credential; secrets never go into a definition: set "auth" on the connector and keep the secret in an n8n credential`,
			});
		}
		const unsendable = headerValueProblem(header.value);
		if (unsendable) problems.push({ path: pointer([...path, index, 'value']), message: `the value of header "${header.key}" ${unsendable}` });
	});
	return problems;
}

/** Query parameter names that carry credentials (api_key, access_token, client_secret, ...). */
const SECRET_QUERY = /^(key|token|auth|sig|signature)$|secret|password|passwd|api[-_]?key|access[-_]?token|auth[-_]?token|session/i;

/** A literal (no placeholder) in a credential-like query parameter is a secret written into the file. */
function queryProblems(endpoint: EndpointDefinition, index: number): DefinitionProblem[] {
	const problems: DefinitionProblem[] = [];
	endpoint.query.forEach((param, i) => {
		const values = Array.isArray(param.value) ? param.value : [param.value];
		const literal = values.some((value) => typeof value !== 'string' || (value.trim() !== '' && !isTemplate(value)));
		if (SECRET_QUERY.test(param.key) && literal) {
			problems.push({
				path: pointer(['endpoints', index, 'query', i]),
				message: `query parameter "${param.key}" looks like a credential with a value written into the definition; secrets never go into a definition: set "auth" (an API key may go in the query) and keep the secret in an n8n credential`,
			});
		}
	});
	return problems;
}

/** User info in a URL is a password written into the definition, and printed wherever the URL is. */
function userInfoProblems(definition: ConnectorDefinition): DefinitionProblem[] {
	const urls: Array<[PropertyKey[], string]> = [[['baseUrl'], definition.baseUrl]];
	if ('tokenUrl' in definition.auth) urls.push([['auth', 'tokenUrl'], definition.auth.tokenUrl]);
	return urls
		.filter(([, url]) => URL.canParse(url) && (new URL(url).username !== '' || new URL(url).password !== ''))
		.map(([path]) => ({
			path: pointer(path),
			message: 'must not contain a user name or password (user:password@host); keep credentials in an n8n credential',
		}));
}

function endpointProblems(endpoint: EndpointDefinition, index: number): DefinitionProblem[] {
	const problems: DefinitionProblem[] = [];
	const at = (...path: PropertyKey[]) => pointer(['endpoints', index, ...path]);
	const names = new Set<string>();
	endpoint.inputs.forEach((input, i) => {
		if (names.has(input.name)) problems.push({ path: at('inputs', i, 'name'), message: `duplicate input name "${input.name}"` });
		names.add(input.name);
		if (input.type === 'options' && !input.options?.length) {
			problems.push({ path: at('inputs', i, 'options'), message: 'an input of type "options" must list its options' });
		}
		if (input.min !== undefined && input.max !== undefined && input.min > input.max) {
			problems.push({ path: at('inputs', i, 'min'), message: `min (${input.min}) is greater than max (${input.max})` });
		}
	});
	for (const name of Object.keys(endpoint.sampleData ?? {})) {
		if (!names.has(name)) problems.push({ path: at('sampleData', name), message: `sample value for undeclared input "${name}"` });
	}
	problems.push(...headerProblems(endpoint.headers, ['endpoints', index, 'headers']));
	problems.push(...queryProblems(endpoint, index));
	return problems;
}

/** Validates one parsed JSON document. `source` is only used by callers for messages. */
export function validateDefinition(document: unknown): ValidationResult {
	const parsed = connectorSchema.safeParse(document);
	if (!parsed.success) return { ok: false, problems: problemsFromIssues(parsed.error.issues, document) };
	const definition = parsed.data;
	const problems: DefinitionProblem[] = [];
	const keys = new Map<string, number>();
	definition.endpoints.forEach((endpoint, index) => {
		const first = keys.get(endpoint.key);
		if (first !== undefined) {
			problems.push({
				path: pointer(['endpoints', index, 'key']),
				message: `duplicate endpoint key "${endpoint.key}" (also used by /endpoints/${first})`,
			});
		} else keys.set(endpoint.key, index);
		problems.push(...endpointProblems(endpoint, index));
	});
	problems.push(...headerProblems(definition.headers, ['headers']));
	problems.push(...userInfoProblems(definition));
	problems.push(...templateProblems(definition));
	problems.push(...webhookProblems(definition));
	problems.push(...optionsFromProblems(definition));
	return problems.length ? { ok: false, problems } : { ok: true, definition, problems: [] };
}

/** Validates and returns the normalized definition, or throws a DefinitionError naming source and paths. */
export function parseDefinition(document: unknown, source: string): ConnectorDefinition {
	const result = validateDefinition(document);
	if (!result.ok) throw new DefinitionError(source, result.problems);
	return result.definition;
}

/** Parses JSON text first, so a syntax error is reported with the file name too. */
export function parseDefinitionText(text: string, source: string): ConnectorDefinition {
	let document: unknown;
	try {
		document = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw new DefinitionError(source, [{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
	}
	return parseDefinition(document, source);
}

/**
 * Checks a set of definitions together: names and keys must be unique across them, because builders
 * pick connectors by name and workflows store keys.
 */
export function crossDefinitionProblems(
	definitions: ReadonlyArray<{ source: string; definition: ConnectorDefinition }>,
): string[] {
	const lines: string[] = [];
	const seen = new Map<string, string>();
	for (const { source, definition } of definitions) {
		for (const [field, value] of [
			['key', definition.key],
			['name', definition.name.toLowerCase()],
		] as const) {
			const id = `${field}:${value}`;
			const other = seen.get(id);
			if (other) lines.push(formatProblem(source, { path: `/${field}`, message: `${field} "${value}" is already used by ${other}` }));
			else seen.set(id, source);
		}
	}
	return lines;
}
