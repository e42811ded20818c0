/**
 * Masking of secrets wherever a request or an error is shown (dry run, preview, messages, logs).
 * Values are replaced by "******" as given, URL-encoded and base64-encoded (Basic auth), and
 * credential-carrying headers are masked whole (keeping the scheme, e.g. "Bearer ******").
 */
import { fullUrl, type RequestSpec, serializeBody } from './request/spec';

export const MASK = '******';

const AUTH_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

function variants(secret: string): string[] {
	const forms = new Set([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')]);
	return [...forms];
}

/** Secrets shorter than this are not searched for: masking "a" would garble every message. */
const MIN_SECRET_LENGTH = 3;

export class Redactor {
	private patterns: string[] = [];
	private readonly exact = new Set<string>();

	constructor(
		secrets: Iterable<string | undefined | null>,
		private readonly secretHeaders: ReadonlySet<string> = new Set(),
	) {
		this.add(secrets);
	}

	/** Masks these secrets too from now on (e.g. an access token fetched while the item runs). */
	add(secrets: Iterable<string | undefined | null>): this {
		const before = this.exact.size;
		for (const secret of secrets) {
			if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
			for (const form of variants(secret)) this.exact.add(form);
		}
		// Longest first, so a secret that contains another is masked whole.
		if (this.exact.size !== before) this.patterns = [...this.exact].sort((a, b) => b.length - a.length);
		return this;
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

	headers(headers: Record<string, string>): Record<string, string> {
		const result: Record<string, string> = {};
		for (const [name, value] of Object.entries(headers)) {
			const lower = name.toLowerCase();
			if (AUTH_HEADERS.has(lower) || this.secretHeaders.has(lower)) {
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
