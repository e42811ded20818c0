/**
 * The requests the nodes send to a Data Connector Hub, as plain data (no sending here): the
 * connector list, one connector (with the ETag the process already has, for a 304), and the
 * Registry node's writes. Pure, so a test can read exactly what goes out.
 */
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

export const HUB_CREDENTIAL = 'dataConnectorHubApi';

/** The hub's biggest page (hub/src/api/connectors.ts MAX_PAGE_SIZE). */
export const HUB_PAGE_SIZE = 500;

/** What an n8n process needs to talk to one hub: from the "Data Connector Hub" credential. */
export interface HubAddress {
	/** "http://hub:5680", without a trailing slash or /api/v1. */
	url: string;
	token: string;
}

export class HubAddressError extends Error {}

/** The credential's fields, checked: an http(s) URL (trailing "/" and "/api/v1" dropped) and a token. */
export function hubAddress(data: IDataObject): HubAddress {
	const raw = typeof data.url === 'string' ? data.url.trim() : '';
	const token = typeof data.token === 'string' ? data.token.trim() : '';
	const url = raw.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
		throw new HubAddressError(`The Data Connector Hub credential's Hub URL must be an http(s) address like http://localhost:5680, not "${raw}"`);
	}
	if (!token) throw new HubAddressError("The Data Connector Hub credential has no API token");
	return { url, token };
}

export interface HubRequest {
	method: IHttpRequestMethods;
	/** Under /api/v1: "/connectors/crm". */
	path: string;
	query?: Record<string, string>;
	body?: unknown;
	/** An ETag this process holds (If-None-Match) or a write is based on (If-Match). */
	ifNoneMatch?: string;
	ifMatch?: string;
}

export const listRequest = (offset: number, etag?: string): HubRequest => ({
	method: 'GET',
	path: '/connectors',
	query: { size: String(HUB_PAGE_SIZE), offset: String(offset) },
	...(etag ? { ifNoneMatch: etag } : {}),
});

export const connectorRequest = (key: string, etag?: string): HubRequest => ({
	method: 'GET',
	path: `/connectors/${encodeURIComponent(key)}`,
	...(etag ? { ifNoneMatch: etag } : {}),
});

/** A send slot of a shared rate limit (hub/src/api/rate-limits.ts): the key and the spacing in ms. */
export const slotRequest = (key: string, intervalMs: number): HubRequest => ({
	method: 'POST',
	path: `/rate-limits/${encodeURIComponent(key)}/slots`,
	body: { intervalMs },
});

/** n8n's HTTP helper options for one hub request: the token as a Bearer header, never followed elsewhere. */
export function httpOptions(hub: HubAddress, request: HubRequest, timeoutMs: number): IHttpRequestOptions {
	const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${hub.token}` };
	if (request.ifNoneMatch) headers['If-None-Match'] = request.ifNoneMatch;
	if (request.ifMatch) headers['If-Match'] = request.ifMatch;
	return {
		method: request.method,
		url: `${hub.url}/api/v1${request.path}`,
		...(request.query ? { qs: request.query } : {}),
		...(request.body !== undefined ? { body: request.body as IDataObject } : {}),
		headers,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// The hub sends no redirects; following one could carry the token to another host.
		disableFollowRedirect: true,
		timeout: timeoutMs,
	};
}
