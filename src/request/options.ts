/**
 * The pure half of `optionsFrom` (see definition/options-from.ts): which inputs the listing
 * endpoint gets, how listed records become choices, how a page of choices is resumed, and what a
 * picked value (n8n resource-locator value) means. No n8n, no network.
 */
import type { OptionsFromDefinition } from '../definition/types';
import { valueFromUrl } from '../definition/options-from';
import { valueAt, type PageState } from '../execute/paginate';
import { renderValue, type TemplateContext } from '../template/render';
import type { RequestSpec } from './spec';

export interface Choice {
	name: string;
	value: string | number;
	description?: string;
}

/** The listing endpoint's inputs: its templates over the current inputs, plus the search text. */
export function listingInputs(
	from: OptionsFromDefinition,
	current: Record<string, unknown>,
	settings: TemplateContext['settings'],
	search?: string,
): Record<string, unknown> {
	const context: TemplateContext = { inputs: current, item: {}, settings, required: new Set(), endpoint: from.endpoint };
	const inputs: Record<string, unknown> = {};
	for (const [name, template] of Object.entries(from.inputs)) {
		const value = renderValue(template, context, `optionsFrom input "${name}"`);
		if (value !== undefined && value !== null && value !== '') inputs[name] = value;
	}
	if (from.search && search) inputs[from.search] = search;
	return inputs;
}

const text = (value: unknown): string | undefined =>
	typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/**
 * Records as choices: a record without a value is skipped; without a label it shows its value.
 * `filter` (when the listing endpoint takes no search input) keeps labels containing it, any case.
 */
export function choicesFrom(records: unknown[], from: OptionsFromDefinition, filter?: string): Choice[] {
	const wanted = filter?.trim().toLowerCase();
	const choices: Choice[] = [];
	for (const record of records) {
		const raw = valueAt(record, from.value);
		if (raw === undefined || raw === null || raw === '' || typeof raw === 'object') continue;
		const value = typeof raw === 'number' ? raw : String(raw);
		const name = text(valueAt(record, from.label)) ?? String(value);
		if (wanted && !name.toLowerCase().includes(wanted) && !String(value).toLowerCase().includes(wanted)) continue;
		const description = from.description ? text(valueAt(record, from.description)) : undefined;
		choices.push({ name, value, ...(description ? { description } : {}) });
	}
	return choices;
}

interface PageToken {
	u: string;
	q: Array<[string, string]>;
	p: number;
	r: number;
}

/** Where the next page of choices starts, as an opaque token for the editor. */
export function encodePageToken(next: RequestSpec, state: PageState): string {
	const token: PageToken = { u: next.url, q: next.query, p: state.pages, r: state.records };
	return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

/**
 * The request of a page a token names. The token comes back from the browser, so it is trusted
 * for nothing but the URL path and query on the connector's own origin: method, headers and
 * credentials are those of the freshly built first page.
 */
export function decodePageToken(token: string, first: RequestSpec): { spec: RequestSpec; state: PageState } {
	let parsed: PageToken;
	try {
		parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageToken;
	} catch {
		throw new Error('The page token of the list is not valid; open the list again');
	}
	const url = new URL(String(parsed.u));
	if (url.origin !== new URL(first.url).origin || !Array.isArray(parsed.q)) {
		throw new Error("The page token of the list does not lead to the connector's host; open the list again");
	}
	const query = parsed.q.filter((pair): pair is [string, string] => Array.isArray(pair) && pair.length === 2).map(([k, v]): [string, string] => [String(k), String(v)]);
	return {
		spec: { ...first, url: `${url.origin}${url.pathname}`, query },
		state: { pages: Number(parsed.p) || 0, records: Number(parsed.r) || 0, seen: new Set() },
	};
}

export class PickedValueError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PickedValueError';
	}
}

/** A resource-locator value as stored by n8n: { __rl: true, mode, value }. */
export function isLocatorValue(value: unknown): value is { __rl: true; mode: string; value: unknown } {
	return typeof value === 'object' && value !== null && (value as { __rl?: unknown }).__rl === true;
}

/**
 * The input value a picked entry stands for: the value itself ("From List", "By ID"), or the
 * first group of the input's URL pattern in a link ("By URL").
 */
export function pickedValue(picked: unknown, from: OptionsFromDefinition | undefined, label: string): unknown {
	if (!isLocatorValue(picked)) return picked;
	const { mode, value } = picked;
	if (mode !== 'url' || value === undefined || value === null || value === '') return value;
	if (!from?.urlPattern) {
		throw new PickedValueError(`"${label}" has no link format, so it cannot be given "By URL"; choose "From List" or "By ID"`);
	}
	const extracted = valueFromUrl(from.urlPattern, String(value));
	if (extracted === undefined) throw new PickedValueError(`The link given for "${label}" is not one this connector understands: ${String(value)}`);
	return extracted;
}
