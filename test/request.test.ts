/**
 * Request building, table-driven: every file in test/fixtures/requests/ is one case (definition,
 * endpoint, inputs, item, optional credential) and the exact request it must produce, or the error
 * it must raise. A new case is a new fixture, not new code here. The fixture format:
 *
 *   { "name": "...",
 *     "connector": { ...definition... } | "connectorFile": "order-service.json" (in connectors/),
 *     "endpoint": "<endpoint key>", "inputs"?: {...}, "item"?: {...},
 *     "baseUrl"?: "<credential base URL override>", "verifyTls"?: <credential TLS setting>,
 *     "auth"?: { "credentials": {...}, "accessToken"?: "..." },
 *     "expect": { "method", "url" (with query), "headers" (exact), "body"? (json: the value; form/raw:
 *                 the serialized text), "verifyTls"? (default true),
 *                 "printable"? (printableRequest with the request's own secrets masked) }
 *             | { "error": { "name", "messageContains": [...], "messageExcludes"?: [...] } } }
 *
 * Below the fixtures: OAuth2 token requests and answers, and redaction, as tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyAuth, type CredentialValues } from '../src/auth/apply';
import { buildTokenRequest, readTokenResponse, tokenRequest } from '../src/auth/oauth2';
import { fingerprint, TokenCache, type TokenSet } from '../src/auth/token-cache';
import { parseDefinition } from '../src/definition/validate';
import type { AuthDefinition } from '../src/definition/types';
import { printableRequest, type PrintableRequest, Redactor } from '../src/redact';
import { buildRequest } from '../src/request/build';
import { type BuiltRequest, fullUrl, type RequestSpec, serializeBody } from '../src/request/spec';

interface ExpectedRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: unknown;
	verifyTls?: boolean;
	printable?: PrintableRequest;
}

interface ExpectedError {
	error: { name: string; messageContains: string[]; messageExcludes?: string[] };
}

interface RequestFixture {
	file: string;
	name: string;
	connector?: unknown;
	connectorFile?: string;
	endpoint: string;
	inputs?: Record<string, unknown>;
	item?: unknown;
	baseUrl?: string;
	verifyTls?: boolean;
	auth?: { credentials: CredentialValues; accessToken?: string };
	expect: ExpectedRequest | ExpectedError;
}

const FIXTURES = join(__dirname, 'fixtures', 'requests');
const CONNECTORS = join(__dirname, '..', 'connectors');

const fixtures: RequestFixture[] = readdirSync(FIXTURES)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => ({ file, ...(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Omit<RequestFixture, 'file'>) }));

/** Definition -> request -> auth, exactly as the CLI and the nodes chain them. */
function run(fixture: RequestFixture): BuiltRequest {
	const document = fixture.connectorFile
		? (JSON.parse(readFileSync(join(CONNECTORS, fixture.connectorFile), 'utf8')) as unknown)
		: fixture.connector;
	if (document === undefined) throw new Error(`${fixture.file}: give "connector" or "connectorFile"`);
	const connector = parseDefinition(document, fixture.file);
	const endpoint = connector.endpoints.find((candidate) => candidate.key === fixture.endpoint);
	if (!endpoint) throw new Error(`${fixture.file}: no endpoint "${fixture.endpoint}"`);
	const built = buildRequest({
		connector,
		endpoint,
		inputs: fixture.inputs,
		item: fixture.item,
		baseUrl: fixture.baseUrl,
		verifyTls: fixture.verifyTls,
	});
	if (!fixture.auth) return built;
	return applyAuth(built, connector.auth, fixture.auth.credentials, { accessToken: fixture.auth.accessToken });
}

/** The spec in the fixture's terms: full URL, body as its value (json) or its serialized text. */
function observed(spec: RequestSpec): ExpectedRequest {
	return {
		method: spec.method,
		url: fullUrl(spec),
		headers: spec.headers,
		...(spec.body ? { body: spec.body.type === 'json' ? spec.body.value : serializeBody(spec.body) } : {}),
		verifyTls: spec.verifyTls,
	};
}

function caught(action: () => unknown): Error {
	try {
		action();
	} catch (error) {
		if (error instanceof Error) return error;
		throw new Error(`threw a non-Error: ${String(error)}`);
	}
	throw new Error('expected an error, but the request was built');
}

describe('request fixtures', () => {
	it('finds the fixtures', () => {
		expect(fixtures.length).toBeGreaterThan(50);
	});

	it.each(fixtures.map((fixture) => [`${fixture.file}: ${fixture.name}`, fixture] as const))('%s', (_title, fixture) => {
		const expected = fixture.expect;
		if ('error' in expected) {
			const error = caught(() => run(fixture));
			expect(error.name).toBe(expected.error.name);
			for (const part of expected.error.messageContains) expect(error.message).toContain(part);
			for (const part of expected.error.messageExcludes ?? []) expect(error.message).not.toContain(part);
			return;
		}
		const built = run(fixture);
		const { printable, ...request } = expected;
		expect(observed(built.spec)).toEqual({ verifyTls: true, ...request });
		if (printable) expect(printableRequest(built.spec, new Redactor(built.secrets))).toEqual(printable);
	});
});

describe('OAuth2 token requests', () => {
	const passwordGrant = (clientAuthentication: 'header' | 'body'): AuthDefinition => ({
		type: 'oauth2PasswordGrant',
		tokenUrl: 'https://auth.example.com/oauth/token',
		scope: 'orders:read',
		clientAuthentication,
		tokenExpiredStatuses: [401],
	});
	const clientCredentials = (clientAuthentication: 'header' | 'body'): AuthDefinition => ({
		type: 'oauth2ClientCredentials',
		tokenUrl: 'https://auth.example.com/oauth/token',
		clientAuthentication,
		tokenExpiredStatuses: [401],
	});
	const credentials: CredentialValues = {
		clientId: 'my client',
		clientSecret: 's=cr+t',
		username: 'ann@example.com',
		password: 'p&ss word',
	};
	const basic = `Basic ${Buffer.from('my%20client:s%3Dcr%2Bt').toString('base64')}`;
	const formHeaders = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };

	it.each([
		{
			title: 'password grant, client in the Basic header (id and secret form-encoded first, RFC 6749 2.3.1)',
			auth: passwordGrant('header'),
			credentials,
			headers: { ...formHeaders, Authorization: basic },
			body: 'grant_type=password&username=ann%40example.com&password=p%26ss%20word&scope=orders%3Aread',
		},
		{
			title: 'password grant, client in the form body',
			auth: passwordGrant('body'),
			credentials,
			headers: formHeaders,
			body: 'grant_type=password&username=ann%40example.com&password=p%26ss%20word&scope=orders%3Aread&client_id=my%20client&client_secret=s%3Dcr%2Bt',
		},
		{
			title: 'client credentials, client in the Basic header; the credential scope wins over the definition',
			auth: clientCredentials('header'),
			credentials: { ...credentials, scope: 'a b' },
			headers: { ...formHeaders, Authorization: basic },
			body: 'grant_type=client_credentials&scope=a%20b',
		},
		{
			title: 'client credentials, client in the form body, no scope; username/password are not sent',
			auth: clientCredentials('body'),
			credentials,
			headers: formHeaders,
			body: 'grant_type=client_credentials&client_id=my%20client&client_secret=s%3Dcr%2Bt',
		},
	])('$title', ({ auth, credentials: given, headers, body }) => {
		if (auth.type !== 'oauth2PasswordGrant' && auth.type !== 'oauth2ClientCredentials') throw new Error('not OAuth2');
		const spec = tokenRequest(auth, given);
		expect({ method: spec.method, url: fullUrl(spec), headers: spec.headers, verifyTls: spec.verifyTls }).toEqual({
			method: 'POST',
			url: 'https://auth.example.com/oauth/token',
			headers,
			verifyTls: true,
		});
		expect(spec.body && serializeBody(spec.body)).toBe(body);
	});

	it('uses the credential token URL and passes the TLS setting on', () => {
		const spec = tokenRequest(
			{ type: 'oauth2ClientCredentials', tokenUrl: 'https://auth.example.com/token', clientAuthentication: 'body', tokenExpiredStatuses: [401] },
			{ clientId: 'c', clientSecret: 's', tokenUrl: 'https://sso.example.org/token' },
			false,
		);
		expect([spec.url, spec.verifyTls]).toEqual(['https://sso.example.org/token', false]);
	});

	it.each([
		['clientSecret', clientCredentials('header'), { clientId: 'c' }],
		['clientId', clientCredentials('body'), { clientSecret: 's' }],
		['password', passwordGrant('body'), { clientId: 'c', clientSecret: 's', username: 'u' }],
	] as const)('a credential without "%s" is an AuthError', (field, auth, given) => {
		const error = caught(() => tokenRequest(auth as Parameters<typeof tokenRequest>[0], given));
		expect([error.name, error.message.includes(`"${field}"`)]).toEqual(['AuthError', true]);
	});

	it('reads a token answer', () => {
		expect(readTokenResponse(200, '{"access_token":"at-1","token_type":"Bearer","expires_in":3600}', 'https://a/t')).toEqual({
			accessToken: 'at-1',
			expiresIn: 3600,
		});
		expect(readTokenResponse(201, '{"access_token":"at-2"}', 'https://a/t')).toEqual({ accessToken: 'at-2' });
	});

	// Servers often echo what they were sent in error_description: none of it may reach the message.
	const echo = `${credentials.clientId} ${credentials.clientSecret} ${credentials.username} ${credentials.password}`;
	it.each([
		[400, JSON.stringify({ error: 'invalid_grant', error_description: `bad password ${echo}` }), ['username or password was rejected', '(invalid_grant)']],
		[401, JSON.stringify({ error: 'invalid_client', error_description: echo }), ['client ID or client secret was rejected', '(invalid_client)']],
		[400, JSON.stringify({ error: 'invalid_scope', scope: echo }), ['scope is not allowed', '(invalid_scope)']],
		[400, JSON.stringify({ error: 'unsupported_grant_type', echo }), ['answered 400', '(unsupported_grant_type)']],
		[500, `<html>${echo}</html>`, ['answered 500']],
		[200, JSON.stringify({ token: echo }), ['has no access_token']],
		[200, 'null', ['has no access_token']],
		[502, '"upstream"', ['answered 502']],
	] as const)('a %i answer is an AuthError that does not repeat the credential (%s)', (status, body, parts) => {
		const error = caught(() => readTokenResponse(status, body, 'https://auth.example.com/oauth/token'));
		expect(error.name).toBe('AuthError');
		expect(error.message).toContain('https://auth.example.com/oauth/token');
		for (const part of parts) expect(error.message).toContain(part);
		for (const secret of Object.values(credentials)) {
			for (const form of [secret, encodeURIComponent(secret)]) expect(error.message).not.toContain(form);
		}
	});
});

describe('redaction', () => {
	const spec = (fields: Partial<RequestSpec>): RequestSpec => ({
		method: 'POST',
		url: 'https://api.example.com/v1/x',
		query: [],
		headers: {},
		verifyTls: true,
		...fields,
	});

	it.each([
		{
			title: 'a secret in the path and the query, as given and URL-encoded',
			secrets: ['s3cr3t/+ x'],
			spec: spec({ url: 'https://api.example.com/v1/s3cr3t%2F%2B%20x', query: [['key', 's3cr3t/+ x']] }),
			printable: { method: 'POST', url: 'https://api.example.com/v1/******?key=******', headers: {} },
		},
		{
			title: 'Authorization keeps its scheme, other credential headers are masked whole, secrets in any header are masked',
			secrets: ['tok-123'],
			spec: spec({
				headers: { authorization: 'Bearer anything', 'Proxy-Authorization': 'Basic abc=', 'Set-Cookie': 'a=1', 'X-Echo': 'v=tok-123;' },
			}),
			printable: {
				method: 'POST',
				url: 'https://api.example.com/v1/x',
				headers: { authorization: 'Bearer ******', 'Proxy-Authorization': 'Basic ******', 'Set-Cookie': '******', 'X-Echo': 'v=******;' },
			},
		},
		{
			title: 'Cookie pair by pair: session-like names and known secrets masked, plain cookies readable',
			secrets: ['k-9999'],
			spec: spec({ headers: { Cookie: 'sid=1; lang=en; JSESSIONID=abc; x_auth=t; theme=k-9999; csrftoken=z' } }),
			printable: {
				method: 'POST',
				url: 'https://api.example.com/v1/x',
				headers: { Cookie: 'sid=******; lang=en; JSESSIONID=******; x_auth=******; theme=******; csrftoken=******' },
			},
		},
		{
			title: 'every string of a JSON body, at any depth; non-secret values untouched',
			secrets: ['hunter22'],
			spec: spec({ body: { type: 'json', value: { password: 'hunter22', nested: [{ note: 'pw hunter22!' }], n: 1, ok: true } } }),
			printable: {
				method: 'POST',
				url: 'https://api.example.com/v1/x',
				headers: {},
				body: { password: '******', nested: [{ note: 'pw ******!' }], n: 1, ok: true },
			},
		},
		{
			title: 'a form body is masked in its encoded form (%20 and +)',
			secrets: ['a b&c'],
			spec: spec({ body: { type: 'form', value: { secret: 'a b&c', other: 'x' } } }),
			printable: { method: 'POST', url: 'https://api.example.com/v1/x', headers: {}, body: 'secret=******&other=x' },
		},
		{
			title: 'a raw body; the longer of two overlapping secrets is masked whole',
			secrets: ['abc', 'abcdef'],
			spec: spec({ body: { type: 'raw', contentType: 'text/plain', value: 'abcdef abc' } }),
			printable: { method: 'POST', url: 'https://api.example.com/v1/x', headers: {}, body: '****** ******' },
		},
		{
			title: 'secrets shorter than 3 characters are not searched for',
			secrets: ['ab', '', undefined, null],
			spec: spec({ query: [['q', 'ab']] }),
			printable: { method: 'POST', url: 'https://api.example.com/v1/x?q=ab', headers: {} },
		},
	])('$title', ({ secrets, spec: given, printable }) => {
		expect(printableRequest(given, new Redactor(secrets))).toEqual(printable);
	});

	it('masks a cookie named as secret (an API key cookie) by name', () => {
		const redactor = new Redactor().addSecretCookie('ck');
		expect(redactor.headers({ Cookie: 'ck=whatever; lang=en' })).toEqual({ Cookie: 'ck=******; lang=en' });
	});

	it('masks headers named as secret (an API key header) whole', () => {
		const redactor = new Redactor([], new Set(['x-api-key']));
		expect(redactor.headers({ 'X-API-Key': 'whatever', Accept: 'application/json' })).toEqual({
			'X-API-Key': '******',
			Accept: 'application/json',
		});
	});

	it('masks the Basic credential of applyAuth in any text, also base64-encoded', () => {
		const connector = parseDefinition(
			{
				key: 'c',
				name: 'C',
				categories: ['T'],
				baseUrl: 'https://api.example.com',
				auth: { type: 'basic' },
				endpoints: [{ key: 'e', name: 'E', path: '/x' }],
			},
			'inline',
		);
		const built = buildRequest({ connector, endpoint: connector.endpoints[0] });
		const authed = applyAuth(built, connector.auth, { username: 'ann', password: 'pw-secret' });
		const redactor = new Redactor(authed.secrets);
		const encoded = Buffer.from('ann:pw-secret').toString('base64');
		expect(redactor.text(`sent ${authed.spec.headers.Authorization}, password pw-secret`)).toBe('sent Basic ******, password ******');
		expect(redactor.text(encoded)).toBe('******');
	});

	it('masks secret inputs wherever the built request shows them, including numbers in a JSON body', () => {
		const connector = parseDefinition(
			{
				key: 'c',
				name: 'C',
				categories: ['T'],
				baseUrl: 'https://api.example.com',
				endpoints: [
					{
						key: 'e',
						name: 'E',
						method: 'POST',
						path: '/x',
						inputs: [
							{ name: 'pin', type: 'number', secret: true },
							{ name: 'extra', type: 'json', secret: true },
						],
						body: { type: 'json', value: { pin: '{{ inputs.pin }}', extra: '{{ inputs.extra }}' } },
					},
				],
			},
			'inline',
		);
		const built = buildRequest({ connector, endpoint: connector.endpoints[0], inputs: { pin: '98765', extra: { code: 'zz-top' } } });
		expect(built.spec.body).toEqual({ type: 'json', value: { pin: 98765, extra: { code: 'zz-top' } } });
		const shown = JSON.stringify(printableRequest(built.spec, new Redactor(built.secrets)));
		expect(shown).not.toContain('98765');
		expect(shown).not.toContain('zz-top');
	});
});

describe('OAuth2 token cache (injected clock)', () => {
	const clock = { now: 1_000_000 };
	const cache = () => new TokenCache(() => clock.now);
	const fetcher = (tokens: TokenSet[]) => {
		const calls: Array<TokenSet | undefined> = [];
		const fetch = async (current: TokenSet | undefined) => {
			calls.push(current);
			const token = tokens.shift();
			if (!token) throw new Error('token endpoint refused');
			return { token, result: `fetched ${token.accessToken}` };
		};
		return { calls, fetch };
	};

	it('concurrent callers share one fetch; only the fetching caller gets its result', async () => {
		const entry = cache().entry('c1');
		const { calls, fetch } = fetcher([{ accessToken: 'A' }]);
		const results = await Promise.all(Array.from({ length: 10 }, () => entry.acquire(fetch)));
		expect(calls).toHaveLength(1);
		expect(results.map((result) => result.token.accessToken)).toEqual(Array(10).fill('A'));
		expect(results.filter((result) => result.fetched)).toEqual([{ token: { accessToken: 'A' }, fetched: 'fetched A' }]);
	});

	it('refreshes ahead of expiry: within 30 s of expires_in, or a tenth of a short lifetime', async () => {
		const entry = cache().entry('c1');
		const { calls, fetch } = fetcher([
			{ accessToken: 'A', expiresAt: clock.now + 3_600_000 },
			{ accessToken: 'B', expiresAt: clock.now + 3_600_000 + 60_000 },
		]);
		await entry.acquire(fetch);
		clock.now += 3_600_000 - 30_001;
		expect((await entry.acquire(fetch)).token.accessToken).toBe('A');
		clock.now += 1;
		expect((await entry.acquire(fetch)).token.accessToken).toBe('B');
		// B was issued for 90 s: refreshed in its last 9 s only.
		clock.now += 80_999;
		expect(entry.expiresSoon()).toBe(false);
		clock.now += 1;
		expect(entry.expiresSoon()).toBe(true);
		expect(calls).toHaveLength(2);
	});

	it('a seeded token without lifetime is used until refused; a refusal of an old token uses the newer one', async () => {
		const entry = cache().entry('c1', { accessToken: 'S', refreshToken: 'r-1' });
		const { calls, fetch } = fetcher([{ accessToken: 'N' }]);
		expect((await entry.acquire(fetch)).fetched).toBeUndefined();
		const refreshed = await entry.acquire(fetch, 'S');
		expect([refreshed.token.accessToken, calls]).toEqual(['N', [{ accessToken: 'S', refreshToken: 'r-1' }]]);
		// Another item refused "S" too, later: it gets "N" without a second fetch.
		expect(await entry.acquire(fetch, 'S')).toEqual({ token: { accessToken: 'N' } });
		expect(calls).toHaveLength(1);
	});

	it('a failed fetch fails every waiter and the next call fetches again', async () => {
		const entry = cache().entry('c1');
		const { calls, fetch } = fetcher([]);
		const settled = await Promise.allSettled([entry.acquire(fetch), entry.acquire(fetch), entry.acquire(fetch)]);
		expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
		await expect(entry.acquire(fetch)).rejects.toThrow('token endpoint refused');
		expect(calls).toHaveLength(2);
	});

	it('entries are per key, bounded, and fingerprints change with any field', () => {
		const tokens = new TokenCache(() => 0, 2);
		const first = tokens.entry('a');
		expect(tokens.entry('a')).toBe(first);
		tokens.entry('b');
		tokens.entry('c');
		expect(tokens.size).toBe(2);
		expect(tokens.entry('a')).not.toBe(first);
		expect(fingerprint(['x', 'secret'])).toBe(fingerprint(['x', 'secret']));
		expect(fingerprint(['x', 'secret'])).not.toBe(fingerprint(['x', 'secret2']));
		expect(fingerprint(['x', 'secret'])).not.toContain('secret');
	});

	it('the refresh-token grant sends the refresh token and no scope', () => {
		const spec = buildTokenRequest({
			grant: 'refresh_token',
			tokenUrl: 'https://auth.example.com/token',
			clientId: 'c',
			clientSecret: 's',
			refreshToken: 'r t',
			scope: 'orders:read',
			clientAuthentication: 'body',
			verifyTls: true,
		});
		expect(spec.body && serializeBody(spec.body)).toBe('grant_type=refresh_token&refresh_token=r%20t&client_id=c&client_secret=s');
	});
});
