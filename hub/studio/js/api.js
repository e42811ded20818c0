/**
 * The hub's API from the browser. The token lives in sessionStorage (gone when the tab closes) and
 * travels only as the bearer token of same-origin API calls: never in a URL, never logged.
 */
const TOKEN_KEY = 'data-connectors-hub-token';

export const session = {
	get token() {
		return sessionStorage.getItem(TOKEN_KEY) ?? '';
	},
	signIn(token) {
		sessionStorage.setItem(TOKEN_KEY, token);
	},
	signOut() {
		sessionStorage.removeItem(TOKEN_KEY);
	},
};

export class ApiError extends Error {
	constructor(status, body) {
		const error = body?.error ?? {};
		super(error.message ?? `The hub answered ${status}`);
		this.status = status;
		this.code = error.code;
		this.problems = error.problems ?? [];
		this.workflows = error.workflows ?? [];
	}
}

/** Called when the hub says the token is not (or no longer) valid. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
	onUnauthorized = handler;
}

/** One API call; resolves { body, etag } or throws an ApiError with the hub's message. */
export async function api(method, path, { body, etag, token = session.token } = {}) {
	const headers = { Authorization: `Bearer ${token}` };
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	if (etag) headers['If-Match'] = etag;
	let response;
	try {
		response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
	} catch {
		throw new ApiError(0, { error: { message: 'The hub does not answer; is it still running?' } });
	}
	const text = await response.text();
	let parsed;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = undefined;
	}
	if (!response.ok) {
		const error = new ApiError(response.status, parsed);
		if (response.status === 401 && token === session.token) onUnauthorized(error);
		throw error;
	}
	return { body: parsed, etag: response.headers.get('ETag') ?? undefined };
}

export const connectorPath = (key, rest = '') => `/connectors/${encodeURIComponent(key)}${rest}`;
