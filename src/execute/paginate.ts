/**
 * Pagination as a pure state machine: given the request of the page just fetched, its response and
 * its records, return the request of the next page, or why paging is done. The executor sends.
 *
 * Stops: no next cursor / next URL / Link rel="next"; an empty page; a short page (fewer records
 * than the page size); the total (from `totalHeader` or `totalPath`) reached, so a total that is a
 * multiple of the page size costs no extra empty request; `maxPages`; the caller's record limit.
 * Never loops: a cursor or URL seen before, or a page with the same records as the one before,
 * is an error that says which page repeated instead of fetching forever.
 */
import type { PaginationDefinition } from '../definition/types';
import { fullUrl, type RequestSpec } from '../request/spec';
import { headerValue, type HttpResponse } from '../response/types';

export class PaginationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PaginationError';
	}
}

export interface PageState {
	/** Pages fetched so far (1 after the first). */
	pages: number;
	records: number;
	seen: Set<string>;
	lastSignature?: string;
}

export type NextPage = { done: true; reason: string } | { done: false; spec: RequestSpec };

export function newPageState(): PageState {
	return { pages: 0, records: 0, seen: new Set() };
}

function withParam(spec: RequestSpec, name: string, value: string | number): RequestSpec {
	return { ...spec, query: [...spec.query.filter(([key]) => key !== name), [name, String(value)]] };
}

/** The request of the first page: page/offset parameters set, anything else as built. */
export function firstPage(spec: RequestSpec, pagination: PaginationDefinition): RequestSpec {
	switch (pagination.type) {
		case 'offset':
			return withParam(withParam(spec, pagination.offsetParam, pagination.startOffset), pagination.limitParam, pagination.limit);
		case 'page': {
			const paged = withParam(spec, pagination.pageParam, pagination.startPage);
			return pagination.sizeParam && pagination.size ? withParam(paged, pagination.sizeParam, pagination.size) : paged;
		}
		default:
			return spec;
	}
}

export function valueAt(body: unknown, path: string): unknown {
	let value = body;
	for (const segment of path.split('.').filter(Boolean)) {
		if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
		value = (value as Record<string, unknown>)[segment];
	}
	return value;
}

/**
 * How many records exist in all, as the response says (header first, then body); undefined when it
 * says nothing usable. Only a whole number counts: an empty header or a null total is not "0".
 */
export function totalOf(pagination: PaginationDefinition, response: HttpResponse, body: unknown): number | undefined {
	const count = (raw: unknown): number | undefined => {
		const total = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : undefined;
		return total !== undefined && Number.isSafeInteger(total) && total >= 0 ? total : undefined;
	};
	return (
		(pagination.totalHeader ? count(headerValue(response.headers, pagination.totalHeader)) : undefined) ??
		(pagination.totalPath ? count(valueAt(body, pagination.totalPath)) : undefined)
	);
}

/** rel="next" of an RFC 8288 (formerly 5988) Link header. */
export function nextLink(header: string | undefined): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(/,(?=\s*<)/)) {
		const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
		if (match && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2])) return match[1];
	}
	return undefined;
}

/** A followed URL must stay on the connector's host: an API cannot redirect credentials elsewhere. */
function followUrl(current: RequestSpec, next: string): RequestSpec {
	const currentUrl = new URL(fullUrl(current));
	let target: URL;
	try {
		target = new URL(next, currentUrl);
	} catch {
		throw new PaginationError(`The next-page URL "${next}" is not a valid URL`);
	}
	if (target.origin !== currentUrl.origin) {
		throw new PaginationError(`The next-page URL leads to ${target.origin}, not to the connector's host ${currentUrl.origin}; it was not followed`);
	}
	return { ...current, url: `${target.origin}${target.pathname}`, query: [...target.searchParams.entries()] };
}

function signature(records: unknown[]): string {
	return JSON.stringify(records);
}

export function nextPage(
	pagination: PaginationDefinition,
	state: PageState,
	current: RequestSpec,
	response: HttpResponse,
	body: unknown,
	records: unknown[],
	recordLimit?: number,
): NextPage {
	state.pages += 1;
	state.records += records.length;
	if (state.pages === 1) state.seen.add(fullUrl(current));

	if (records.length > 0) {
		const pageSignature = signature(records);
		if (pageSignature === state.lastSignature) {
			throw new PaginationError(`Pagination stopped: page ${state.pages} has the same records as page ${state.pages - 1}; the API does not seem to advance (check the connector's pagination settings)`);
		}
		state.lastSignature = pageSignature;
	}
	if (records.length === 0) return { done: true, reason: 'an empty page' };
	if (recordLimit !== undefined && state.records >= recordLimit) return { done: true, reason: 'the record limit' };
	const total = totalOf(pagination, response, body);
	if (total !== undefined && state.records >= total) return { done: true, reason: 'the total' };
	if (state.pages >= pagination.maxPages) return { done: true, reason: `the page limit (${pagination.maxPages})` };

	let next: RequestSpec;
	switch (pagination.type) {
		case 'offset': {
			if (records.length < pagination.limit) return { done: true, reason: 'a short page' };
			const offset = pagination.startOffset + state.records;
			next = withParam(current, pagination.offsetParam, offset);
			break;
		}
		case 'page': {
			if (pagination.size && records.length < pagination.size) return { done: true, reason: 'a short page' };
			next = withParam(current, pagination.pageParam, pagination.startPage + state.pages);
			break;
		}
		case 'cursor': {
			const cursor = valueAt(body, pagination.cursorPath);
			if (cursor === undefined || cursor === null || cursor === '') return { done: true, reason: 'no next cursor' };
			if (typeof cursor === 'object') throw new PaginationError(`The cursor at "${pagination.cursorPath}" is not text or a number`);
			next = withParam(current, pagination.cursorParam, String(cursor));
			break;
		}
		case 'nextUrl': {
			const url = valueAt(body, pagination.nextUrlPath);
			if (url === undefined || url === null || url === '') return { done: true, reason: 'no next URL' };
			if (typeof url !== 'string') throw new PaginationError(`The next-page URL at "${pagination.nextUrlPath}" is not text`);
			next = followUrl(current, url);
			break;
		}
		case 'linkHeader': {
			const link = nextLink(headerValue(response.headers, 'link'));
			if (!link) return { done: true, reason: 'no rel="next" link' };
			next = followUrl(current, link);
			break;
		}
	}
	const key = fullUrl(next);
	if (state.seen.has(key)) {
		throw new PaginationError(`Pagination stopped: page ${state.pages + 1} would repeat an earlier page (${key}); the API returned the same ${pagination.type === 'cursor' ? 'cursor' : 'next page'} again`);
	}
	state.seen.add(key);
	return { done: false, spec: next };
}
