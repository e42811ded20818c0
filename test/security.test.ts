/**
 * Security properties as pure functions, with property-based tests (fast-check): the redaction set
 * masks every encoded form of every secret in every error field, the redirect policy never lets a
 * request leave the base URL with credentials, rendered URLs stay on their origin, and no control
 * character reaches a header.
 */
import fc from 'fast-check';
import { basicCredentials, MASK, Redactor, secretForms } from '../src/redact';
import { decideRedirect, type Hop, isUnderBase, RedirectError, redirectedSpec, sendFollowingRedirects } from '../src/execute/redirect';
import { fullUrl, type RequestSpec } from '../src/request/spec';
import { parseDefinition, validateDefinition } from '../src/definition/validate';
import { buildCustomRequest } from '../src/request/custom';
import { buildRequest } from '../src/request/build';
import { jsonArgument } from '../src/cli/load';

/** Secrets as people have them: printable, often with symbols, sometimes non-ASCII. */
const secretArb = fc.string({ minLength: 8, maxLength: 40, unit: 'grapheme' }).filter((s) => s.trim().length >= 8);

const encodings = (secret: string): Record<string, string> => ({
	raw: secret,
	url: encodeURIComponent(secret),
	form: encodeURIComponent(secret).replace(/%20/g, '+'),
	json: JSON.stringify(secret).slice(1, -1),
	base64: Buffer.from(secret).toString('base64'),
	base64url: Buffer.from(secret).toString('base64url'),
	bearer: `Bearer ${secret}`,
});

describe('Redactor: one growing set of secrets', () => {
	it('masks a secret in every encoding, also inside longer texts', () => {
		fc.assert(
			fc.property(secretArb, fc.string(), fc.string(), (secret, before, after) => {
				const redactor = new Redactor([secret]);
				for (const [name, form] of Object.entries(encodings(secret))) {
					const masked = redactor.text(`${before}${form}${after}`);
					expect({ name, leaks: masked.includes(form) }).toEqual({ name, leaks: false });
					expect(masked).toContain(MASK);
				}
			}),
		);
	});

	it('masks base64(user:secret) and base64(prefix + secret) at every byte alignment', () => {
		fc.assert(
			fc.property(secretArb, fc.string({ maxLength: 12 }), (secret, user) => {
				const redactor = new Redactor().addBasic(user, secret);
				for (const encoded of basicCredentials(user, secret)) {
					expect(redactor.text(`Authorization: Basic ${encoded}`)).not.toContain(encoded);
				}
				// Any prefix: the secret's own characters in the base64 text are masked.
				const blob = Buffer.from(`${user}:${secret}`).toString('base64');
				expect(new Redactor([secret]).text(blob)).toContain(MASK);
			}),
		);
	});

	it('grows: a secret added later is masked from then on, in items and errors alike', () => {
		const redactor = new Redactor(['first-secret']);
		expect(redactor.text('token fresh-token-123')).toBe('token fresh-token-123');
		redactor.add('fresh-token-123');
		expect(redactor.text('token fresh-token-123')).toBe(`token ${MASK}`);
		const items = redactor.items([{ json: { echo: 'Bearer fresh-token-123', n: 1 }, pairedItem: { item: 0 } }]);
		expect(items).toEqual([{ json: { echo: `Bearer ${MASK}`, n: 1 }, pairedItem: { item: 0 } }]);
	});

	it('scrubs every field of an error in place: message, description, stack, cause chain, context, nested objects', () => {
		fc.assert(
			fc.property(secretArb, fc.constantFrom(...Object.keys(encodings('x'))), (secret, encodingName) => {
				const form = encodings(secret)[encodingName];
				const cause = new Error(`inner ${form}`);
				Object.assign(cause, { config: { headers: { Authorization: `Bearer ${form}` } }, request: { _header: form } });
				const error = new Error(`failed with ${form}`, { cause }) as Error & Record<string, unknown>;
				Object.assign(error, { description: `the API said ${form}`, context: { data: [form] }, messages: [form], httpCode: '401' });
				const redactor = new Redactor([secret]);
				const same = redactor.error(error);
				expect(same).toBe(error);
				const dump = JSON.stringify({ ...error, message: error.message, stack: error.stack, cause: { ...cause, message: cause.message, stack: cause.stack } });
				expect(dump.includes(form)).toBe(false);
				expect(error.httpCode).toBe('401');
			}),
		);
	});

	it('leaves an error\'s node reference and shared objects alone', () => {
		const node = { name: 'Data Connector', parameters: { note: 'secret-value-1' } };
		const headers = { Authorization: 'Bearer secret-value-1' };
		const error = Object.assign(new Error('secret-value-1'), { node, options: { headers } });
		new Redactor(['secret-value-1']).error(error);
		expect(error.message).toBe(MASK);
		expect(error.node).toBe(node);
		expect(node.parameters.note).toBe('secret-value-1');
		expect(headers.Authorization).toBe('Bearer secret-value-1');
		expect((error.options as { headers: Record<string, string> }).headers.Authorization).toBe(`Bearer ${MASK}`);
	});

	it('survives circular errors and masks secret numbers only where they stand alone', () => {
		const error = new Error('pin 4711') as Error & { self?: unknown; data?: unknown };
		error.self = error;
		error.data = { loop: {} as Record<string, unknown>, pin: 4711, other: 47110 };
		(error.data as { loop: Record<string, unknown> }).loop.back = error.data;
		new Redactor([4711]).error(error);
		expect(error.message).toBe(`pin ${MASK}`);
		expect(error.data).toEqual({ loop: { back: '[Circular]' }, pin: MASK, other: 47110 });
	});

	it('ignores values too short to search for and never garbles text without secrets', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				const redactor = new Redactor(['', 'a', 'ab', undefined, null]);
				expect(redactor.text(text)).toBe(text);
				expect(redactor.size).toBe(0);
			}),
		);
	});

	it('lists the forms it searches for', () => {
		expect(secretForms('p@ss word/é')).toEqual(
			expect.arrayContaining(['p@ss word/é', 'p%40ss%20word%2F%C3%A9', 'p%40ss+word%2F%C3%A9', 'p@ss word/\\u00e9', Buffer.from('p@ss word/é').toString('base64')]),
		);
	});
});

const spec = (url: string, method: RequestSpec['method'] = 'GET'): RequestSpec => ({
	method,
	url,
	query: [],
	headers: { Accept: 'application/json', Authorization: 'Bearer t0ken-t0ken', 'X-API-Key': 'k3y-k3y-k3y', 'Content-Type': 'application/json' },
	...(method === 'POST' ? { body: { type: 'json' as const, value: { a: 1 } } } : {}),
	verifyTls: true,
});

const hop = (url: string, count = 0, method: Hop['method'] = 'GET'): Hop => ({ url, method, count, withCredentials: true });
const moved = (location: string, status = 302) => ({ status, headers: { location } });

describe('Redirect policy', () => {
	const policy = { base: 'https://api.example.com/v1', crossOrigin: false };

	it('follows a redirect under the base path with credentials', () => {
		const decision = decideRedirect(policy, hop('https://api.example.com/v1/orders'), moved('/v1/orders/', 301));
		expect(decision).toMatchObject({ follow: true, method: 'GET', withCredentials: true, dropBody: false });
	});

	it.each([
		['another host', 'https://evil.example.net/v1/orders', 'https://evil.example.net/v1/orders, outside'],
		['another port', 'https://api.example.com:8443/v1/x', 'https://api.example.com:8443/v1/x, outside'],
		['outside the base path', 'https://api.example.com/admin', 'https://api.example.com/admin, outside'],
		['a path that only starts like the base', 'https://api.example.com/v10/x', 'outside'],
		['https to http on the same host', 'http://api.example.com/v1/x', 'from https to unencrypted http'],
		['user info', 'https://u:p@api.example.com/v1/x', 'user name or password'],
		['another scheme', 'file:///etc/passwd', 'not an http or https address'],
	])('refuses a redirect to %s, naming the target without its query', (_name, location, expected) => {
		expect(() => decideRedirect(policy, hop('https://api.example.com/v1/a'), moved(`${location}?sig=s3cr3t`))).toThrow(expected);
		try {
			decideRedirect(policy, hop('https://api.example.com/v1/a'), moved(`${location}?sig=s3cr3t`));
		} catch (error) {
			expect(error).toBeInstanceOf(RedirectError);
			expect((error as Error).message).not.toContain('s3cr3t');
		}
	});

	it('refuses after the hop limit', () => {
		expect(() => decideRedirect(policy, hop('https://api.example.com/v1/a', 5), moved('/v1/b'))).toThrow('after 5 redirects');
	});

	it('with the opt-in follows other origins without credentials, never to http from https', () => {
		const open = { ...policy, crossOrigin: true };
		const decision = decideRedirect(open, hop('https://api.example.com/v1/file'), moved('https://cdn.example.org/f/1?sig=abc', 307));
		expect(decision).toMatchObject({ follow: true, withCredentials: false });
		if (!decision.follow) throw new Error('expected to follow');
		const next = redirectedSpec(spec('https://api.example.com/v1/file'), decision, { secretHeaders: new Set(['x-api-key']) });
		expect(next).toEqual({
			method: 'GET',
			url: 'https://cdn.example.org/f/1',
			query: [['sig', 'abc']],
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			verifyTls: true,
		});
		expect(() => decideRedirect(open, hop('https://api.example.com/v1/file'), moved('http://cdn.example.org/f'))).toThrow('unencrypted http');
	});

	it('never follows a secret off the base URL, even with the opt-in', () => {
		const open = { ...policy, crossOrigin: true, carriesSecret: (text: string) => text.includes('k3y-k3y-k3y') };
		expect(() => decideRedirect(open, hop('https://api.example.com/v1/file'), moved('https://cdn.example.org/f?key=k3y-k3y-k3y'))).toThrow(
			'with a secret in the address',
		);
		const decision = decideRedirect(open, hop('https://api.example.com/v1/file'), moved('https://cdn.example.org/f'));
		if (!decision.follow) throw new Error('expected to follow');
		const withSecretHeader = { ...spec('https://api.example.com/v1/file'), headers: { 'X-Tenant': 'k3y-k3y-k3y', Accept: '*/*' } };
		expect(redirectedSpec(withSecretHeader, decision, open).headers).toEqual({ Accept: '*/*' });
	});

	it('turns POST into GET without body on 303 and 302, keeps it on 307', () => {
		const post = hop('https://api.example.com/v1/a', 0, 'POST');
		expect(decideRedirect(policy, post, moved('/v1/b', 303))).toMatchObject({ method: 'GET', dropBody: true });
		expect(decideRedirect(policy, post, moved('/v1/b', 302))).toMatchObject({ method: 'GET', dropBody: true });
		expect(decideRedirect(policy, post, moved('/v1/b', 307))).toMatchObject({ method: 'POST', dropBody: false });
	});

	it('treats 300, 304 and a 3xx without Location as answers', () => {
		for (const response of [moved('/v1/b', 304), moved('/v1/b', 300), { status: 302, headers: {} }]) {
			expect(decideRedirect(policy, hop('https://api.example.com/v1/a'), response)).toEqual({ follow: false });
		}
	});

	it('property: whatever the Location, a followed hop with credentials stays under the base URL', () => {
		const location = fc.oneof(
			fc.webUrl({ withQueryParameters: true, withFragments: true }),
			fc.webPath(),
			fc.string(),
			fc.constantFrom('//evil.test/v1', '/v1/../admin', '/v1/%2e%2e/admin', 'https://api.example.com@evil.test/v1', '\\\\evil.test/v1', 'http://api.example.com/v1'),
		);
		fc.assert(
			fc.property(location, fc.boolean(), fc.constantFrom(301, 302, 303, 307, 308), (target, crossOrigin, status) => {
				let decision;
				try {
					decision = decideRedirect({ ...policy, crossOrigin }, hop('https://api.example.com/v1/a'), moved(target, status));
				} catch (error) {
					expect(error).toBeInstanceOf(RedirectError);
					return;
				}
				if (!decision.follow) return;
				expect(decision.url.protocol).toBe('https:');
				if (decision.withCredentials) expect(isUnderBase(decision.url, policy.base)).toBe(true);
			}),
		);
	});

	it('sendFollowingRedirects sends every hop and never credentials after leaving the base', async () => {
		const sent: Array<[string, boolean, string | undefined]> = [];
		const answers = [moved('/v1/b'), moved('https://cdn.example.org/f'), moved('https://api.example.com/v1/c'), { status: 200, headers: {} }];
		const final = await sendFollowingRedirects(spec('https://api.example.com/v1/a'), { ...policy, crossOrigin: true }, async (next, withCredentials) => {
			sent.push([next.url, withCredentials, next.headers.Authorization]);
			return answers[sent.length - 1];
		});
		expect(final.status).toBe(200);
		expect(sent).toEqual([
			['https://api.example.com/v1/a', true, 'Bearer t0ken-t0ken'],
			['https://api.example.com/v1/b', true, 'Bearer t0ken-t0ken'],
			['https://cdn.example.org/f', false, undefined],
			['https://api.example.com/v1/c', false, undefined],
		]);
	});
});

describe('Validation refuses what would leak or what HTTP cannot carry', () => {
	const base = {
		key: 'orders',
		name: 'Orders',
		categories: ['Sales'],
		baseUrl: 'https://api.example.com/v1',
		endpoints: [{ key: 'get', name: 'Get', path: '/orders' }],
	};
	const problems = (document: unknown) => {
		const result = validateDefinition(document);
		return result.ok ? [] : result.problems;
	};

	it.each([
		['baseUrl', { ...base, baseUrl: 'https://ops:hunter22@api.example.com/v1' }, '/baseUrl'],
		['tokenUrl', { ...base, auth: { type: 'oauth2ClientCredentials', tokenUrl: 'https://id:s3cret@auth.example.com/token' } }, '/auth/tokenUrl'],
	])('user info in %s, without repeating it', (_name, document, path) => {
		const found = problems(document);
		expect(found).toEqual([{ path, message: expect.stringContaining('must not contain a user name or password') }]);
		expect(JSON.stringify(found)).not.toMatch(/hunter22|s3cret/);
	});

	it.each([['api_key'], ['access_token'], ['client_secret'], ['password'], ['token']])('a literal in the credential-like query parameter %s', (key) => {
		const document = { ...base, endpoints: [{ ...base.endpoints[0], query: [{ key, value: 'abc123secret' }] }] };
		expect(problems(document)).toEqual([{ path: '/endpoints/0/query/0', message: expect.stringContaining(`query parameter "${key}" looks like a credential`) }]);
		const templated = { ...base, endpoints: [{ ...base.endpoints[0], query: [{ key, value: '{{ inputs.t }}' }], inputs: [{ name: 't' }] }] };
		expect(problems(templated)).toEqual([]);
	});

	it.each([
		['NUL', 'a\u0000b', 'control character U+0000'],
		['U+2028', 'a\u2028b', 'U+2028'],
		['an emoji', 'ok 😀', 'U+1F600'],
		['a line feed', 'a\nb', 'line break'],
	])('a header value with %s is refused with a message naming the header, never altered', (_name, value, expected) => {
		const document = { ...base, headers: [{ key: 'X-Note', value }] };
		expect(problems(document)).toEqual([{ path: '/headers/0/value', message: expect.stringMatching(new RegExp(`header "X-Note" .*${expected.replace('+', '\\+')}`)) }]);
		expect(() => buildCustomRequest({ method: 'GET', url: 'https://api.example.com/x', headers: [{ name: 'X-Note', value }] })).toThrow(
			new RegExp(`header "X-Note" .*${expected.replace('+', '\\+')}`),
		);
	});

	it('property: no control or non-Latin-1 character reaches a header of a built request', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (value) => {
				let spec;
				try {
					spec = buildCustomRequest({ method: 'GET', url: 'https://api.example.com/x', headers: [{ name: 'X-Value', value }] });
				} catch (error) {
					expect((error as Error).message).toContain('header "X-Value"');
					return;
				}
				expect(spec.headers['X-Value']).toBe(value);
				expect(/[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]/u.test(value)).toBe(false);
			}),
		);
	});

	it('property: whatever an input renders to, the URL stays on the origin and under the base path', () => {
		const connector = parseDefinition(
			{ ...base, endpoints: [{ key: 'get', name: 'Get', path: '/orders/{{ inputs.id }}/items', query: [{ key: 'q', value: '{{ inputs.q }}' }], inputs: [{ name: 'id', required: true }, { name: 'q' }] }] },
			'test',
		);
		fc.assert(
			fc.property(fc.string({ minLength: 1, unit: 'binary' }), fc.string({ unit: 'binary' }), (id, q) => {
				let spec;
				try {
					spec = buildRequest({ connector, endpoint: connector.endpoints[0], inputs: { id, q }, item: {} }).spec;
				} catch {
					return;
				}
				const url = new URL(fullUrl(spec));
				expect(url.origin).toBe('https://api.example.com');
				expect(url.pathname.startsWith('/v1/orders/')).toBe(true);
				expect(url.username + url.password + url.hash).toBe('');
			}),
		);
	});

	it('the CLI never repeats a JSON argument in a parse error', () => {
		const secret = 'cs-live-9f8e7d6c5b';
		for (const typo of [`{"clientSecret": "${secret}" "x": 1}`, `{"clientSecret": "${secret}`, `"clientSecret": "${secret}"}`]) {
			let message = '';
			try {
				jsonArgument(typo, '--credentials', '/nonexistent');
			} catch (error) {
				message = (error as Error).message;
			}
			expect(message).toMatch(/^--credentials: /);
			expect(message).not.toContain(secret.slice(0, 6));
		}
	});
});
