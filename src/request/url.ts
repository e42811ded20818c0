/**
 * Joining the base URL and the rendered path, and pinning the host: whatever a path renders to,
 * the request goes to the connector's (or its credential's) origin and stays under its base path.
 */
export class UrlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UrlError';
	}
}

export interface BaseUrl {
	/** "https://host:port/base/path" without a trailing slash and without query. */
	prefix: string;
	origin: string;
	pathname: string;
	/** Query parameters that are part of the base URL itself, e.g. "?api-version=1". */
	query: Array<[string, string]>;
}

/** Parsed base URLs: every item of an execution has the same one, and `new URL` is not free. */
const parsedBaseUrls = new Map<string, Readonly<BaseUrl>>();

/** The base URL's parts; callers copy `query` before adding to it. */
export function parseBaseUrl(raw: string, label: string): Readonly<BaseUrl> {
	const known = parsedBaseUrls.get(raw);
	if (known) return known;
	const parsed = Object.freeze(readBaseUrl(raw, label));
	if (parsedBaseUrls.size >= 200) parsedBaseUrls.clear();
	parsedBaseUrls.set(raw, parsed);
	return parsed;
}

function readBaseUrl(raw: string, label: string): BaseUrl {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new UrlError(`The base URL "${raw}" of ${label} is not a valid absolute URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new UrlError(`The base URL "${raw}" of ${label} must use http or https`);
	}
	if (url.username || url.password) {
		throw new UrlError(`The base URL of ${label} must not contain a user name or password; use a credential`);
	}
	const pathname = url.pathname.replace(/\/+$/, '');
	return {
		prefix: `${url.origin}${pathname}`,
		origin: url.origin,
		pathname,
		query: [...url.searchParams.entries()],
	};
}

/** `path` is already rendered, with every placeholder value encoded as one segment. */
export function joinUrl(base: BaseUrl, path: string, label: string): string {
	const joined = `${base.prefix}${path}`;
	const parsed = new URL(joined);
	// Belt and braces: the path text is the definition author's, but a "/../" in it must not escape
	// the base path, and nothing may change the origin.
	if (parsed.origin !== base.origin || !(parsed.pathname === base.pathname || parsed.pathname.startsWith(`${base.pathname}/`))) {
		throw new UrlError(`The path of ${label} leads outside the connector's base URL ${base.prefix}`);
	}
	// The normalized form is what an HTTP client sends, so it is also what previews print.
	return `${parsed.origin}${parsed.pathname}`;
}
