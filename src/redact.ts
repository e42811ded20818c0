/**
 * Masking of secrets wherever a request or an error is shown (dry run, preview, messages, logs).
 * Values are replaced by "******" as given, URL-encoded and base64-encoded (Basic auth), and
 * credential-carrying headers are masked whole (keeping the scheme, e.g. "Bearer ******").
 */
import { cookieValue, CREDENTIAL_COOKIE, parseCookies } from './request/cookies';
import { fullUrl, type RequestSpec, serializeBody } from './request/spec';

export const MASK = '******';

const AUTH_HEADERS = new Set(['authorization', 'proxy-authorization', 'set-cookie']);

function variants(secret: string): string[] {
	const forms = new Set([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+'), cookieValue(secret)]);
	return [...forms];
}

/** Secrets shorter than this are not searched for: masking "a" would garble every message. */
const MIN_SECRET_LENGTH = 3;

export class Redactor {
	private readonly patterns: string[];
	private readonly exact: ReadonlySet<string>;

	constructor(
		secrets: Iterable<string | undefined | null>,
		private readonly secretHeaders: ReadonlySet<string> = new Set(),
		/** Cookies that carry a credential (an API key sent as a cookie), masked by name. */
		private readonly secretCookies: ReadonlySet<string> = new Set(),
	) {
		const all = new Set<string>();
		for (const secret of secrets) {
			if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
			for (const form of variants(secret)) all.add(form);
		}
		// Longest first, so a secret that contains another is masked whole.
		this.patterns = [...all].sort((a, b) => b.length - a.length);
		this.exact = all;
	}

	text(value: string): string {
		let result = value;
		for (const pattern of this.patterns) result = result.split(pattern).join(MASK);
		return result;
	}

	/** Deep copy of a JSON value with every string redacted, and numbers that are a secret masked. */
	value<T>(value: T): T {
		if (typeof value === 'string') return this.text(value) as T;
		// A secret number input (a PIN) sits in a JSON body as a number, not as text.
		if (typeof value === 'number' && this.exact.has(String(value))) return MASK as T;
		if (Array.isArray(value)) return value.map((element) => this.value(element)) as T;
		if (value !== null && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.value(v)])) as T;
		}
		return value;
	}

	/**
	 * A Cookie header pair by pair, so a dry run shows which cookies go where: the value of a
	 * credential's cookie, of a cookie named like a session or token, or one holding a known secret
	 * is "******"; other cookies (a declared `lang=en`) stay readable.
	 */
	private cookies(value: string): string {
		return parseCookies(value)
			.map(([name, text]) => {
				const secret = this.secretCookies.has(name) || CREDENTIAL_COOKIE.test(name) || this.text(text) !== text;
				return `${this.text(name)}=${secret ? MASK : text}`;
			})
			.join('; ');
	}

	headers(headers: Record<string, string>): Record<string, string> {
		const result: Record<string, string> = {};
		for (const [name, value] of Object.entries(headers)) {
			const lower = name.toLowerCase();
			if (lower === 'cookie' && !this.secretHeaders.has(lower)) result[name] = this.cookies(value);
			else if (AUTH_HEADERS.has(lower) || this.secretHeaders.has(lower)) {
				const scheme = /^(\w+)\s+\S/.exec(value)?.[1];
				result[name] = scheme && lower.endsWith('authorization') ? `${scheme} ${MASK}` : MASK;
			} else result[name] = this.text(value);
		}
		return result;
	}
}

/** The printable form of a request: `{ method, url, headers, body }`, secrets masked. */
export interface PrintableRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: unknown;
}

export function printableRequest(spec: RequestSpec, redactor: Redactor): PrintableRequest {
	const printable: PrintableRequest = {
		method: spec.method,
		url: redactor.text(fullUrl(spec)),
		headers: redactor.headers(spec.headers),
	};
	if (spec.body) {
		printable.body = spec.body.type === 'json' ? redactor.value(spec.body.value) : redactor.text(serializeBody(spec.body));
	}
	return printable;
}
