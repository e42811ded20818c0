/**
 * Masking of secrets wherever a request, a response or an error is shown (dry run, preview,
 * output items, messages, logs, execution data).
 *
 * A `Redactor` is the growing set of secrets of one execution: create one per execution, `add()`
 * every secret the moment it comes into being (credential fields, secret inputs, a fetched or
 * refreshed OAuth2 token), and pass everything that leaves the package through it (`text`,
 * `value`, `headers`, `items`, `error`). Each secret is searched for in every form it can take on
 * the wire: as given, URL- and form-encoded, JSON-escaped, base64 (standard and URL-safe, alone or
 * inside a longer base64 text such as a Basic header), and as `Basic …` / `Bearer …` header values.
 * Credential-carrying headers are masked whole (keeping the scheme, e.g. "Bearer ******").
 */
import { cookieValue, CREDENTIAL_COOKIE, parseCookies } from './request/cookies';
import { fullUrl, type RequestSpec, serializeBody } from './request/spec';

export const MASK = '******';

const AUTH_HEADERS = new Set(['authorization', 'proxy-authorization', 'set-cookie']);

/** Secrets shorter than this are not searched for: masking "a" would garble every message. */
const MIN_SECRET_LENGTH = 3;

/** A base64 fragment shorter than this is too likely to occur by chance in other base64 text. */
const MIN_BASE64_FRAGMENT = 6;

const HTML_ENTITIES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' };

const urlSafe = (base64: string): string => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The base64 characters that depend only on `secret` when it is encoded at each of the three byte
 * alignments inside a longer text (base64("client:" + secret) contains one of them), plus the
 * padded encoding of the secret alone.
 */
function base64Forms(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const forms = [bytes.toString('base64')];
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		// Characters whose 6 bits lie entirely inside the secret's bytes.
		const start = Math.ceil((offset * 8) / 6);
		const end = Math.floor(((offset + bytes.length) * 8) / 6);
		const fragment = encoded.slice(start, end);
		if (fragment.length >= MIN_BASE64_FRAGMENT) forms.push(fragment);
	}
	return forms.flatMap((form) => [form, urlSafe(form)]);
}

/** Every text form in which `secret` may appear in a request, a response or a message. */
export function secretForms(secret: string): string[] {
	const encoded = encodeURIComponent(secret);
	const forms = new Set([
		secret,
		encoded,
		encoded.replace(/%20/g, '+'),
		// A cookie value: only the characters a cookie cannot hold percent-encoded.
		cookieValue(secret),
		// encodeURI-style and lower-case percent escapes, as some servers echo them.
		encodeURI(secret),
		encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
		JSON.stringify(secret).slice(1, -1),
		// JSON writers that escape every non-ASCII character (\u00e9), and HTML/XML escaping.
		JSON.stringify(secret).slice(1, -1).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
		secret.replace(/[&<>"']/g, (c) => `&${HTML_ENTITIES[c]};`),
		...base64Forms(secret),
	]);
	return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** `user:password` as HTTP Basic (RFC 7617) and as OAuth2 client authentication (RFC 6749 2.3.1). */
export function basicCredentials(user: string, password: string): string[] {
	return [
		Buffer.from(`${user}:${password}`).toString('base64'),
		Buffer.from(`${encodeURIComponent(user)}:${encodeURIComponent(password)}`).toString('base64'),
	];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type SecretInput = string | number | undefined | null;

/** Fields of an error that hold references to the workflow, never secrets of ours: left as they are. */
const ERROR_FIELDS_KEPT = new Set(['node', 'workflow']);
/**
 * Transport internals inside HTTP client errors (sockets, agents, the raw request with its header
 * text): no use to a reader, large, and full of credentials. Dropped from copies.
 */
const TRANSPORT_FIELDS = new Set(['request', 'socket', 'agent', 'httpAgent', 'httpsAgent', 'res', '_currentRequest', '_redirectable']);
const MAX_DEPTH = 8;

export class Redactor {
	private readonly forms = new Set<string>();
	/** Secret numbers (a PIN input) sit in a JSON body as numbers, not as text. */
	private readonly exact = new Set<string>();
	private readonly secretHeaders = new Set<string>();
	/** Cookies that carry a credential (an API key sent as a cookie), masked by name. */
	private readonly secretCookies = new Set<string>();
	private pattern: RegExp | undefined;

	constructor(secrets: Iterable<SecretInput> = [], secretHeaders: Iterable<string> = []) {
		this.add(...secrets);
		for (const name of secretHeaders) this.addSecretHeader(name);
	}

	/**
	 * Adds secrets with every derived form (see `secretForms`), including the `Basic`/`Bearer`
	 * header values built from them. Call it as soon as a secret exists: a fetched token, a
	 * refreshed one, a credential field. Empty and very short values are ignored.
	 */
	add(...secrets: SecretInput[]): this {
		for (const value of secrets) {
			const secret = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
			if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
			this.exact.add(secret);
			// `Bearer <token>` and `Basic <base64>` contain these forms, so they are masked too.
			this.addForms(secretForms(secret));
		}
		return this;
	}

	/** A user name and password (or client ID and secret) sent together as a Basic header. */
	addBasic(user: string, password: string): this {
		this.add(password);
		for (const encoded of basicCredentials(user, password)) this.add(encoded);
		return this;
	}

	/** A header whose whole value is secret (an API key header). */
	addSecretHeader(name: string): this {
		this.secretHeaders.add(name.toLowerCase());
		return this;
	}

	/** A cookie whose value is secret (an API key sent as a cookie). */
	addSecretCookie(name: string): this {
		this.secretCookies.add(name);
		return this;
	}

	/** Takes over every secret of another redactor (an item's secrets into the execution's set). */
	absorb(other: Redactor): this {
		this.addForms(other.forms);
		for (const value of other.exact) this.exact.add(value);
		for (const name of other.secretHeaders) this.secretHeaders.add(name);
		for (const name of other.secretCookies) this.secretCookies.add(name);
		return this;
	}

	/** Whether any form of any secret occurs in `value` (strings, deeply in objects). */
	leaks(value: unknown): boolean {
		const text = typeof value === 'string' ? value : safeJson(value);
		return this.matcher()?.test(text) ?? false;
	}

	get size(): number {
		return this.forms.size;
	}

	text(value: string): string {
		const matcher = this.matcher();
		return matcher ? value.replace(matcher, MASK) : value;
	}

	/** Deep copy of a JSON value with every string redacted, and numbers that are a secret masked. */
	value<T>(value: T): T {
		return this.copy(value, new WeakSet(), 0) as T;
	}

	/** Output items with their `json` redacted; `pairedItem` and the rest kept. */
	items<T extends { json: unknown }>(items: T[]): T[] {
		return items.map((item) => ({ ...item, json: this.value(item.json) }));
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

	/**
	 * Redacts an error in place (it keeps its class, so n8n still recognises it) and returns it:
	 * message, description, stack, messages, context, errorResponse, cause (recursively) and every
	 * other field n8n may store. Nested objects that are not errors are replaced by redacted copies,
	 * so that objects shared with the request (headers) are never altered.
	 */
	error<T>(error: T): T {
		if (error !== null && typeof error === 'object') this.scrubError(error, new WeakSet());
		else if (typeof error === 'string') return this.text(error) as T;
		return error;
	}

	private scrubError(target: object, seen: WeakSet<object>): void {
		if (seen.has(target)) return;
		seen.add(target);
		for (const key of Object.getOwnPropertyNames(target)) {
			if (ERROR_FIELDS_KEPT.has(key)) continue;
			const descriptor = Object.getOwnPropertyDescriptor(target, key);
			if (TRANSPORT_FIELDS.has(key) && descriptor?.configurable) {
				delete (target as Record<string, unknown>)[key];
				continue;
			}
			if (!descriptor) continue;
			// V8 may define `stack` as an accessor pair; it is read and written like a field.
			const writable = 'value' in descriptor ? descriptor.writable : descriptor.set !== undefined;
			if (!writable) continue;
			const current: unknown = 'value' in descriptor ? descriptor.value : (target as Record<string, unknown>)[key];
			if (typeof current === 'function') continue;
			if (current instanceof Error) {
				this.scrubError(current, seen);
				continue;
			}
			const next = this.copy(current, new WeakSet([target]), 0);
			if (next !== current) (target as Record<string, unknown>)[key] = next;
		}
	}

	private copy(value: unknown, seen: WeakSet<object>, depth: number): unknown {
		if (typeof value === 'string') return this.text(value);
		if (typeof value === 'number') return this.exact.has(String(value)) ? MASK : value;
		if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
		if (seen.has(value)) return '[Circular]';
		if (depth >= MAX_DEPTH) return '[…]';
		if (Buffer.isBuffer(value)) return this.text(value.toString('utf8'));
		seen.add(value);
		try {
			if (Array.isArray(value)) return value.map((element) => this.copy(element, seen, depth + 1));
			if (value instanceof Error) {
				return { name: value.name, message: this.text(value.message), ...(value.stack ? { stack: this.text(value.stack) } : {}) };
			}
			const result: Record<string, unknown> = {};
			for (const [key, inner] of Object.entries(value)) {
				if (typeof inner === 'function' || TRANSPORT_FIELDS.has(key)) continue;
				result[this.text(key)] = this.copy(inner, seen, depth + 1);
			}
			return result;
		} finally {
			seen.delete(value);
		}
	}

	private addForms(forms: Iterable<string>): void {
		for (const form of forms) {
			if (form.length < MIN_SECRET_LENGTH || this.forms.has(form)) continue;
			this.forms.add(form);
			this.pattern = undefined;
		}
	}

	/** One alternation, longest form first, so a secret that contains another is masked whole. */
	private matcher(): RegExp | undefined {
		if (this.forms.size === 0) return undefined;
		if (!this.pattern) {
			const sorted = [...this.forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
			this.pattern = new RegExp(sorted.join('|'), 'g');
		}
		this.pattern.lastIndex = 0;
		return this.pattern;
	}
}

function safeJson(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return (
			JSON.stringify(value, (_key, inner: unknown) => {
				if (inner !== null && typeof inner === 'object') {
					if (seen.has(inner)) return undefined;
					seen.add(inner);
				}
				if (inner instanceof Error) return { ...inner, message: inner.message, stack: inner.stack };
				return inner;
			}) ?? ''
		);
	} catch {
		return String(value);
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
		const body = spec.body;
		// A file body is shown by what it is made of: the files stay in the item's binary data.
		if (body.type === 'multipart') printable.body = redactor.value({ fields: body.fields.map(([name, value]) => ({ name, value })), files: body.files });
		else if (body.type === 'binary') printable.body = redactor.value({ file: { ...body } });
		else printable.body = body.type === 'json' ? redactor.value(body.value) : redactor.text(serializeBody(body));
	}
	return printable;
}
