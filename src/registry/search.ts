/**
 * Listing and searching connectors: a free-text query over name, key, description, tags, categories
 * and endpoint names (every word must match; name matches rank first), filters by category, status, auth method and source,
 * and `size`/`offset` paging with the total. Pure.
 */
import type { ConnectorDefinition } from '../definition/types';

export interface ConnectorSummary {
	key: string;
	name: string;
	description: string;
	categories: string[];
	tags: string[];
	/** "invalid" for a registry file that does not validate. */
	status: 'live' | 'draft' | 'invalid';
	version: number;
	auth: string;
	endpoints: number;
	/** Packaged with this module: read-only. */
	builtIn: boolean;
	/** "built-in", or the registry file name. */
	source: string;
	problems?: string[];
}

export interface CatalogItem {
	key: string;
	builtIn: boolean;
	/** Registry file name; undefined for built-in connectors. */
	file?: string;
	definition?: ConnectorDefinition;
	problems?: string[];
}

export function summarize(item: CatalogItem): ConnectorSummary {
	const { definition } = item;
	const source = item.builtIn ? 'built-in' : (item.file ?? '');
	if (!definition) {
		return {
			key: item.key,
			name: item.file ?? item.key,
			description: '',
			categories: [],
			tags: [],
			status: 'invalid',
			version: 0,
			auth: '',
			endpoints: 0,
			builtIn: item.builtIn,
			source,
			problems: item.problems ?? [],
		};
	}
	return {
		key: definition.key,
		name: definition.name,
		description: definition.description,
		categories: definition.categories,
		tags: definition.tags,
		status: definition.status,
		version: definition.version,
		auth: definition.auth.type,
		endpoints: definition.endpoints.length,
		builtIn: item.builtIn,
		source,
	};
}

export interface ListQuery {
	/** Free text: every word must appear in the name, key, description, a tag, a category or an endpoint name (any case). */
	query?: string;
	category?: string;
	status?: 'live' | 'draft' | 'invalid';
	/** An auth method: none, basic, bearer, apiKey, oauth2PasswordGrant, oauth2ClientCredentials. */
	auth?: string;
	/** Only built-in connectors (true) or only registry ones (false). */
	builtIn?: boolean;
	/** Page size (default 50). */
	size?: number;
	offset?: number;
}

export interface ListPage {
	/** Connectors matching the query and filters, before paging. */
	total: number;
	offset: number;
	size: number;
	items: ConnectorSummary[];
}

export const DEFAULT_PAGE_SIZE = 50;

const lower = (text: string) => text.toLocaleLowerCase();

/** 0: no match; higher: better (the name beats tags and categories beat the rest). */
function score(summary: ConnectorSummary, endpointNames: string[], words: string[]): number {
	let total = 0;
	for (const word of words) {
		if (lower(summary.name).includes(word)) total += 4;
		else if ([...summary.tags, ...summary.categories].some((tag) => lower(tag).includes(word))) total += 3;
		else if (lower(summary.key).includes(word)) total += 2;
		else if (lower(summary.description).includes(word) || endpointNames.some((name) => lower(name).includes(word))) total += 1;
		else return 0;
	}
	return total;
}

export function listConnectors(items: CatalogItem[], query: ListQuery = {}): ListPage {
	const words = (query.query ?? '').trim().split(/\s+/).filter(Boolean).map(lower);
	const category = query.category?.trim() ? lower(query.category.trim()) : undefined;
	const auth = query.auth?.trim() ? lower(query.auth.trim()) : undefined;
	const matching = items
		.map((item) => ({ summary: summarize(item), endpointNames: item.definition?.endpoints.map((endpoint) => endpoint.name) ?? [] }))
		.filter(
			({ summary }) =>
				(!category || summary.categories.some((c) => lower(c) === category)) &&
				(!query.status || summary.status === query.status) &&
				(!auth || lower(summary.auth) === auth) &&
				(query.builtIn === undefined || summary.builtIn === query.builtIn),
		)
		.map(({ summary, endpointNames }) => ({ summary, score: words.length ? score(summary, endpointNames, words) : 1 }))
		.filter(({ score }) => score > 0)
		.sort((a, b) => b.score - a.score || a.summary.name.localeCompare(b.summary.name) || a.summary.key.localeCompare(b.summary.key))
		.map(({ summary }) => summary);
	const size = Math.max(1, Math.floor(query.size ?? DEFAULT_PAGE_SIZE));
	const offset = Math.max(0, Math.floor(query.offset ?? 0));
	return { total: matching.length, offset, size, items: matching.slice(offset, offset + size) };
}
