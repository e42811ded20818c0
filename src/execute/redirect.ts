/**
 * The redirect policy, the same for the node, the CLI and OAuth2 token requests. HTTP clients
 * follow redirects on their own and re-send credentials to wherever a server points; ours are told
 * not to follow any, and this module decides hop by hop:
 *
 * - a redirect that stays on the base URL's origin and under its path is followed, credentials
 *   included;
 * - a redirect elsewhere is refused with an error that names the target (origin and path only:
 *   a query may carry a signed token), unless the endpoint opted in to cross-origin redirects
 *   (`crossOriginRedirects`, e.g. a file CDN): then it is followed without any credential, and so
 *   is every later hop;
 * - never from https to http, never to a URL with user info or another scheme, at most
 *   `MAX_REDIRECTS` hops.
 *
 * Pure: the caller sends (sendFollowingRedirects below takes the transport as a function).
 */
import type { HttpMethod, RequestSpec } from '../request/spec';

export const MAX_REDIRECTS = 5;

/** Statuses that redirect with a Location (300, 304 and 305 are answers, not redirects). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface RedirectPolicy {
	/** Where requests may go: "https://host:port/base/path" (the connector's base URL, or an origin). */
	base: string;
	/** The endpoint's opt-in to following redirects to other origins, without credentials. */
	crossOrigin: boolean;
	maxRedirects?: number;
	/** Whether a text holds a secret: such a target is never followed off the base URL. */
	carriesSecret?: (text: string) => boolean;
	/** Header names whose whole value is secret (an API key header), dropped off the base URL. */
	secretHeaders?: ReadonlySet<string>;
}

export class RedirectError extends Error {
	readonly description: string;

	constructor(
		message: string,
		readonly status: number,
		/** Where the server pointed, as origin and path (no query, no user info). */
		readonly target: string,
	) {
		super(message);
		this.name = 'RedirectError';
		this.description =
			"Requests only go to the connector's base URL, so credentials never reach another host. If the API has moved, update the connector's base URL (or the credential's Base URL Override); an endpoint that serves files from another host may set \"crossOriginRedirects\": true to follow such redirects without credentials.";
	}
}

export type RedirectDecision =
	| { follow: false }
	| {
			follow: true;
			url: URL;
			method: HttpMethod;
			/** 303, and 301/302 after a POST, turn the request into a GET without a body. */
			dropBody: boolean;
			withCredentials: boolean;
	  };

export interface Hop {
	url: string;
	method: HttpMethod;
	/** How many redirects were already followed. */
	count: number;
	/** False once a hop left the base URL (then no later hop carries credentials). */
	withCredentials: boolean;
}

/** "https://host/path" for messages: never the query, never user info. */
export function describeTarget(url: URL): string {
	return `${url.origin}${url.pathname}`;
}

export function isUnderBase(url: URL, base: string): boolean {
	const parsed = new URL(base);
	const basePath = parsed.pathname.replace(/\/+$/, '');
	return url.origin === parsed.origin && (basePath === '' || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));
}

function locationOf(headers: Record<string, string | string[] | undefined>): string | undefined {
	for (const [name, value] of Object.entries(headers)) {
		if (name.toLowerCase() === 'location') return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

/** Whether and how to follow one response; throws a RedirectError for a refused redirect. */
export function decideRedirect(
	policy: RedirectPolicy,
	hop: Hop,
	response: { status: number; headers: Record<string, string | string[] | undefined> },
): RedirectDecision {
	const location = locationOf(response.headers);
	if (!REDIRECT_STATUSES.has(response.status) || location === undefined || location === '') return { follow: false };
	const status = response.status;
	let url: URL;
	try {
		url = new URL(location, hop.url);
	} catch {
		throw new RedirectError(`The API redirected (HTTP ${status}) to an invalid address; the redirect was not followed`, status, '');
	}
	const target = describeTarget(url);
	const refuse = (why: string): never => {
		throw new RedirectError(`The API redirected (HTTP ${status}) to ${target}, ${why}; the redirect was not followed`, status, target);
	};
	if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse('which is not an http or https address');
	if (url.username || url.password) refuse('an address with a user name or password');
	if (new URL(hop.url).protocol === 'https:' && url.protocol === 'http:') refuse('from https to unencrypted http');
	const max = policy.maxRedirects ?? MAX_REDIRECTS;
	if (hop.count >= max) refuse(`after ${max} redirects already`);
	const inside = isUnderBase(url, policy.base);
	if (!inside && !policy.crossOrigin) refuse(`outside the base URL ${describeTarget(new URL(policy.base))}`);
	if (!inside && policy.carriesSecret?.(url.href)) refuse('another host, with a secret in the address');
	// RFC 9110 15.4: 303 means "GET the other resource"; 301/302 after a POST are treated alike by
	// every client. 307 and 308 repeat the request as it was.
	const dropBody = (status === 303 && hop.method !== 'GET') || ((status === 301 || status === 302) && hop.method === 'POST');
	return {
		follow: true,
		url,
		method: dropBody ? 'GET' : hop.method,
		dropBody,
		withCredentials: hop.withCredentials && inside,
	};
}

/** Credential-carrying headers, never sent on a hop without credentials. */
const CREDENTIAL_HEADERS = /^(authorization|proxy-authorization|cookie)$/i;

/** The request for the next hop: the new URL (its own query), method and body as decided. */
export function redirectedSpec(
	spec: RequestSpec,
	decision: Extract<RedirectDecision, { follow: true }>,
	policy: Pick<RedirectPolicy, 'secretHeaders' | 'carriesSecret'> = {},
): RequestSpec {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(spec.headers)) {
		const lower = name.toLowerCase();
		if (decision.dropBody && lower.startsWith('content-')) continue;
		const secret = CREDENTIAL_HEADERS.test(name) || policy.secretHeaders?.has(lower) || policy.carriesSecret?.(value);
		if (!decision.withCredentials && secret) continue;
		headers[name] = value;
	}
	const next: RequestSpec = {
		method: decision.method,
		url: `${decision.url.origin}${decision.url.pathname}`,
		query: [...decision.url.searchParams.entries()],
		headers,
		verifyTls: spec.verifyTls,
	};
	if (spec.body && !decision.dropBody) next.body = spec.body;
	return next;
}

export interface Redirectable {
	status: number;
	headers: Record<string, string | string[] | undefined>;
}

/**
 * Sends `spec` and follows redirects by the policy. `send(spec, withCredentials)` performs one
 * request without following redirects; `withCredentials` false means no credential may be applied.
 * `responseOf` finds the HTTP response in what `send` returns (none: a network failure, returned).
 */
export async function sendFollowingRedirects<R>(
	spec: RequestSpec,
	policy: RedirectPolicy,
	send: (spec: RequestSpec, withCredentials: boolean) => Promise<R>,
	responseOf: (result: R) => Redirectable | undefined = (result) => result as Redirectable,
): Promise<R> {
	let current = spec;
	let hop: Hop = { url: spec.url, method: spec.method, count: 0, withCredentials: true };
	for (;;) {
		const result = await send(current, hop.withCredentials);
		const response = responseOf(result);
		if (!response) return result;
		const decision = decideRedirect(policy, { ...hop, url: fullUrlOf(current) }, response);
		if (!decision.follow) return result;
		current = redirectedSpec(current, decision, policy);
		hop = { url: decision.url.href, method: decision.method, count: hop.count + 1, withCredentials: decision.withCredentials };
	}
}

function fullUrlOf(spec: RequestSpec): string {
	const url = new URL(spec.url);
	for (const [name, value] of spec.query) url.searchParams.append(name, value);
	return url.href;
}
