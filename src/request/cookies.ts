/**
 * The `Cookie` request header as a list of `name=value` pairs (RFC 6265 §4.2.1, pairs joined by
 * "; "). Used where a credential adds a cookie (an API key with `auth.in: "cookie"`) to the cookies
 * an endpoint declares: both reach the server in one header, the credential's cookie replacing a
 * declared cookie of the same name (the credential wins, as for headers and query parameters).
 */

/** Cookie names that say "session" or "credential": never declared in a definition, always masked when shown. */
export const CREDENTIAL_COOKIE = /sess|sid|token|auth|secret|pass|key|jwt|csrf|xsrf/i;

/** One cookie pair of a Cookie header; a pair without "=" keeps its text as the name. */
export function parseCookies(header: string): Array<[string, string]> {
	return header
		.split(';')
		.map((part) => part.trim())
		.filter((part) => part !== '')
		.map((part): [string, string] => {
			const equals = part.indexOf('=');
			return equals < 0 ? [part, ''] : [part.slice(0, equals).trim(), part.slice(equals + 1).trim()];
		});
}

/**
 * A cookie value as it can travel: characters a cookie value cannot hold (space, `"`, `,`, `;`,
 * `\`, controls, non-ASCII) are percent-encoded, anything else (a base64 key with `+/=`) is kept.
 */
export function cookieValue(value: string): string {
	return value.replace(/[^\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]/gu, (char) => encodeURIComponent(char));
}

/** The name under which `headers` carries its Cookie header, matched case-insensitively. */
function cookieHeaderName(headers: Record<string, string>): string | undefined {
	return Object.keys(headers).find((name) => name.toLowerCase() === 'cookie');
}

/** A copy of `headers` whose Cookie header also carries `name=value`, replacing a cookie of that name. */
export function withCookie(headers: Record<string, string>, name: string, value: string): Record<string, string> {
	const headerName = cookieHeaderName(headers) ?? 'Cookie';
	const others = parseCookies(headers[headerName] ?? '').filter(([cookie]) => cookie !== name);
	const pairs = [...others, [name, cookieValue(value)]].map(([cookie, text]) => `${cookie}=${text}`);
	return { ...headers, [headerName]: pairs.join('; ') };
}
