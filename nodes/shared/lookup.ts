/**
 * Dropdowns filled from the API (`optionsFrom`): the listing endpoint is called from the editor with
 * the builder's own credential, through the same request builder and n8n HTTP helper as a run, and
 * its records become the choices of n8n's resource locator. Pages follow the listing endpoint's
 * pagination (the editor asks for more as the builder scrolls); an API error is thrown as a node
 * error, which the editor shows inside the dropdown.
 */
import {
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
	type INodeProperties,
	NodeApiError,
	NodeOperationError,
	type JsonObject,
} from 'n8n-workflow';
import {
	buildRequest,
	choicesFrom,
	type ConnectorDefinition,
	decodePageToken,
	encodePageToken,
	fullUrl,
	httpErrorFor,
	type InputDefinition,
	isLocatorValue,
	isSuccess,
	listingInputs,
	readResponse,
	Redactor,
	type RequestSpec,
} from '../../src';
import { firstPage, newPageState, nextPage } from '../../src/execute/paginate';
import { connectorDefaults, credentialTypeFor, withConnectorDefaults } from '../../credentials/shared';
import { findEndpoint } from './catalog';
import { accessFor, sendFollowingPolicy } from './access';
import { credentialSecrets, effectiveAuth } from './plan';
import type { CredentialUse } from './send';

/** Pages read for one answer while a typed filter finds nothing on them (no search input). */
const MAX_FILTER_PAGES = 5;

/** A value from the editor's current parameters that a template can use: no expressions, no objects. */
export function literalInput(value: unknown): unknown {
	const plain = isLocatorValue(value) ? value.value : value;
	if (typeof plain === 'string' && plain.startsWith('=')) return undefined;
	return plain === null || typeof plain === 'object' ? undefined : plain;
}

async function editorCredential(context: ILoadOptionsFunctions, connector: ConnectorDefinition): Promise<CredentialUse | undefined> {
	const type = credentialTypeFor(connector.auth.type);
	if (!type) return undefined;
	let data;
	try {
		data = await context.getCredentials(type);
	} catch {
		throw new NodeOperationError(context.getNode(), `Choose a credential first: the list of choices is read from ${connector.name} with it`);
	}
	const reference = context.getNode().credentials?.[type];
	const defaults = connectorDefaults(connector.auth);
	return { type, id: reference?.id ?? undefined, name: reference?.name ?? type, data: withConnectorDefaults(data, defaults), stored: data, defaults };
}

/** One answer of the dropdown: choices, and a token for the next page when there is one. */
export async function listChoices(
	context: ILoadOptionsFunctions,
	connector: ConnectorDefinition,
	input: InputDefinition,
	current: Record<string, unknown>,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const from = input.optionsFrom;
	if (!from) return { results: [] };
	const node = context.getNode();
	const endpoint = findEndpoint(connector, from.endpoint);
	const credential = await editorCredential(context, connector);
	const redactor = new Redactor(credentialSecrets(credential));
	const fail = (message: string, description?: string) =>
		new NodeOperationError(node, redactor.text(message), description ? { description: redactor.text(description) } : {});
	let spec: RequestSpec;
	let state = newPageState();
	try {
		const built = buildRequest({
			connector,
			endpoint,
			inputs: listingInputs(from, current, connector.settings, filter),
			baseUrl: typeof credential?.data.baseUrl === 'string' ? credential.data.baseUrl : undefined,
			verifyTls: credential?.data.allowUnauthorizedCerts === true ? false : undefined,
		});
		const first = endpoint.pagination ? firstPage(built.spec, endpoint.pagination) : built.spec;
		if (paginationToken) ({ spec, state } = decodePageToken(paginationToken, first));
		else spec = first;
	} catch (error) {
		throw fail(`The list of choices for "${input.label ?? input.name}" cannot be read: ${error instanceof Error ? error.message : String(error)}`);
	}
	const localFilter = from.search ? undefined : filter;
	const access = accessFor(effectiveAuth(connector.auth, credential), credential);
	// A custom list has no base path of its own here: redirects stay on the listing request's origin.
	const redirects = { base: new URL(spec.url).origin, crossOrigin: false };
	const results: INodeListSearchResult['results'] = [];
	for (let read = 0; ; read++) {
		const sent = await sendFollowingPolicy(access, context as unknown as IExecuteFunctions, 0, spec, redirects, endpoint.timeoutMs ?? connector.timeoutMs, redactor);
		const summary = { method: spec.method, url: redactor.text(fullUrl(spec)) };
		if ('networkCode' in sent) throw fail(`Could not reach ${new URL(spec.url).origin} to list the choices: ${sent.networkCode}`);
		if (!isSuccess(sent.response.status)) {
			const error = httpErrorFor(endpoint, sent.response, summary);
			throw new NodeApiError(node, { message: redactor.text(error.message) } as JsonObject, {
				message: redactor.text(error.message),
				description: redactor.text(error.description),
				httpCode: String(error.status),
			});
		}
		let records;
		try {
			records = readResponse(endpoint, sent.response, summary, connector.name);
		} catch (error) {
			throw fail(error instanceof Error ? error.message : String(error));
		}
		results.push(...choicesFrom(records, from, localFilter));
		if (!endpoint.pagination) return { results };
		const next = nextPage(endpoint.pagination, state, spec, sent.response, JSON.parse(sent.response.body || 'null') as unknown, records);
		if (next.done) return { results };
		if (results.length > 0 || read + 1 >= MAX_FILTER_PAGES) return { results, paginationToken: encodePageToken(next.spec, state) };
		spec = next.spec;
	}
}

/**
 * Modes of a resource locator for an input with `optionsFrom`: "From List", "By ID", and "By URL"
 * when there is a link format (`url.pattern`: its first group is the value; `url` without a pattern: any link, read when the node runs).
 */
export function locatorModes(
	label: string,
	searchListMethod: string,
	url?: { pattern?: string; placeholder?: string },
): NonNullable<INodeProperties['modes']> {
	const modes: NonNullable<INodeProperties['modes']> = [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: `Select ${label}...`,
			typeOptions: { searchListMethod, searchable: true, searchFilterRequired: false },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: `e.g. ${label} ID` },
	];
	if (!url) return modes;
	const { pattern, placeholder = 'Paste a link to it' } = url;
	modes.push({
		displayName: 'By URL',
		name: 'url',
		type: 'string',
		placeholder,
		// No editor validation: n8n checks it against the whole link, so a link with a query string
		// would block the workflow; the node reads the link with the pattern and names what is wrong.
		...(pattern ? { extractValue: { type: 'regex' as const, regex: pattern } } : {}),
	});
	return modes;
}
