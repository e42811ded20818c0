/**
 * Production-grade execution: pagination, concurrency, rate limits, retries and timeouts. The pure
 * decisions (src/execute) are tested as tables; the behaviour end to end runs the Data Connector
 * node on n8n-core's engine against connectors from a Data Connector Hub, nock playing the hub and the API.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import nock from 'nock';
import { guardNetwork } from './helpers/network';
import { hubCredential, hubCredentialType, serveHub } from './helpers/fake-hub';
import { mapperValue } from './helpers/resource-mapper';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DataConnector } from '../nodes/DataConnector/DataConnector.node';
import { parseDefinition, type RequestSpec } from '../src';
import { firstPage, newPageState, nextLink, nextPage, PaginationError, totalOf } from '../src/execute/paginate';
import { runPool } from '../src/execute/pool';
import { RateLimiter } from '../src/execute/rate-limit';
import { canRepeat, decideRetry, type RetryPolicy } from '../src/execute/retry';
import { runCli } from './helpers/cli';
import { runWorkflow } from './harness/run-workflow';
import { nodeClock } from '../nodes/shared/clock';

const API = 'https://api.example.com';
const folder = mkdtempSync(join(tmpdir(), 'dc-exec-'));

/** Connectors of this file: fast retries so that tests do not wait for real backoff. */
const base = {
	categories: ['Test'],
	baseUrl: `${API}/v1`,
	retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 2000 },
};
const connectors: Record<string, unknown> = {
	pages: {
		...base,
		key: 'pages',
		name: 'Pages',
		endpoints: [
			{ key: 'offset', name: 'Offset', path: '/items', pagination: { type: 'offset', limit: 2 }, response: { recordsPath: 'data' } },
			{ key: 'page', name: 'Page', path: '/items', pagination: { type: 'page', sizeParam: 'per_page', size: 2 }, response: { recordsPath: 'data' } },
			{ key: 'cursor', name: 'Cursor', path: '/items', pagination: { type: 'cursor', cursorPath: 'meta.next' }, response: { recordsPath: 'data' } },
			{ key: 'nextUrl', name: 'Next URL', path: '/items', pagination: { type: 'nextUrl', nextUrlPath: 'links.next' }, response: { recordsPath: 'data' } },
			{ key: 'link', name: 'Link Header', path: '/items', pagination: { type: 'linkHeader' } },
			{ key: 'total', name: 'Total', path: '/items', pagination: { type: 'page', totalPath: 'total' }, response: { recordsPath: 'data' } },
			{ key: 'headerTotal', name: 'Header Total', path: '/items', pagination: { type: 'page', pageParam: '_page', sizeParam: '_limit', size: 2, totalHeader: 'X-Total-Count' } },
			{ key: 'bodyTotal', name: 'Body Total', path: '/items', pagination: { type: 'offset', limit: 2, totalPath: 'meta.total' }, response: { recordsPath: 'data' } },
			{ key: 'capped', name: 'Capped', path: '/items', pagination: { type: 'cursor', cursorPath: 'next', maxPages: 2 }, response: { recordsPath: 'data' } },
		],
	},
	work: {
		...base,
		key: 'work',
		name: 'Work',
		rateLimit: { requestsPerSecond: 20 },
		endpoints: [
			{ key: 'get', name: 'Get', path: '/things/{{ inputs.id }}', inputs: [{ name: 'id', required: true }] },
			{ key: 'create', purpose: 'Create', name: 'Create', method: 'POST', path: '/things', body: { type: 'json', value: { id: '{{ inputs.id }}' } }, inputs: [{ name: 'id' }] },
			{ key: 'createSafe', purpose: 'Create', name: 'Create (idempotent)', method: 'POST', path: '/things', idempotent: true, inputs: [] },
			{
				key: 'createKeyed',
				purpose: 'Create',
				name: 'Create (idempotency key)',
				method: 'POST',
				path: '/things',
				idempotencyKeyHeader: 'Idempotency-Key',
				headers: [{ key: 'Idempotency-Key', value: '{{ inputs.requestId }}' }],
				inputs: [{ name: 'requestId' }],
			},
		],
	},
	fast: { ...base, key: 'fast', name: 'Fast', endpoints: [{ key: 'get', name: 'Get', path: '/fast/{{ inputs.id }}', inputs: [{ name: 'id', required: true }] }] },
};

function run(connector: string, endpoint: string, items: IDataObject[], inputs: IDataObject = {}, options: IDataObject = {}, continueOnFail = false) {
	const parameters: INodeParameters = { mode: 'connector', connector, endpoint, authentication: 'none', inputs: mapperValue(inputs), options: options as INodeParameters };
	return runWorkflow({ nodeTypes: [DataConnector], credentialTypes: [hubCredentialType], credentials: [hubCredential], node: { type: 'dataConnector', parameters, ...(continueOnFail ? { continueOnFail: true } : {}) }, items });
}

guardNetwork();
beforeAll(() => {
	// The CLI reads connector files; the node reads the hub.
	for (const [key, definition] of Object.entries(connectors)) writeFileSync(join(folder, `${key}.json`), JSON.stringify(definition));
});
beforeEach(() => serveHub(connectors));

describe('retry decisions', () => {
	const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, statuses: [429, 502, 503, 504] };
	const half = () => 0.5;
	test.each([
		['a 503 on attempt 1 waits 75 ms (window 100, jittered in its upper half)', 1, { kind: 'status', status: 503 }, { retry: true, delayMs: 75 }],
		['the window doubles per attempt', 3, { kind: 'status', status: 502 }, { retry: true, delayMs: 300 }],
		['Retry-After in seconds replaces the backoff', 1, { kind: 'status', status: 429, retryAfterSeconds: 0.5 }, { retry: true, delayMs: 500 }],
		['a Retry-After above the limit is not waited for', 1, { kind: 'status', status: 429, retryAfterSeconds: 5 }, { retry: false, reason: 'the API asks to wait 5 s, longer than the retry limit of 1 s' }],
		['the last attempt is not retried', 4, { kind: 'status', status: 503 }, { retry: false }],
		['a 500 is not retried by default', 1, { kind: 'status', status: 500 }, { retry: false }],
		['a 404 is not retried', 1, { kind: 'status', status: 404 }, { retry: false }],
	] as const)('%s', (_name, attempt, outcome, expected) => {
		expect(decideRetry(policy, attempt, outcome, true, half)).toEqual(expected);
	});

	test('the window is capped at maxDelayMs', () => {
		expect(decideRetry({ ...policy, maxAttempts: 10 }, 6, { kind: 'network', code: 'ECONNRESET' }, true, half)).toEqual({ retry: true, delayMs: 750 });
	});

	test('network errors are retried; a non-idempotent method is not, and says why', () => {
		expect(decideRetry(policy, 1, { kind: 'network', code: 'ETIMEDOUT' }, true, half)).toEqual({ retry: true, delayMs: 75 });
		expect(decideRetry(policy, 1, { kind: 'status', status: 503 }, false)).toEqual({ retry: false, reason: 'not retried: the method is not idempotent' });
	});

	test.each([
		['GET', {}, {}, true],
		['PUT', {}, {}, true],
		['DELETE', {}, {}, true],
		['POST', {}, {}, false],
		['PATCH', {}, {}, false],
		['POST', { idempotent: true }, {}, true],
		['POST', { idempotencyKeyHeader: 'Idempotency-Key' }, { 'idempotency-key': 'k1' }, true],
		['POST', { idempotencyKeyHeader: 'Idempotency-Key' }, {}, false],
	] as const)('%s with %j and headers %j may be repeated: %s', (method, endpoint, headers, expected) => {
		expect(canRepeat({ method, headers }, endpoint)).toBe(expected);
	});
});

describe('pagination decisions', () => {
	const spec: RequestSpec = { method: 'GET', url: `${API}/v1/items`, query: [['q', 'x']], headers: {}, verifyTls: true };
	const pagination = (document: unknown) => {
		const connector = parseDefinition({ ...base, key: 'p', name: 'P', endpoints: [{ key: 'e', name: 'E', path: '/items', pagination: document }] }, 'p.json');
		const result = connector.endpoints[0].pagination;
		if (!result) throw new Error('no pagination');
		return result;
	};
	const response = (headers: Record<string, string> = {}) => ({ status: 200, headers, body: '' });

	test('first pages set their parameters, keeping the others', () => {
		expect(firstPage(spec, pagination({ type: 'offset', limit: 50 })).query).toEqual([['q', 'x'], ['offset', '0'], ['limit', '50']]);
		expect(firstPage(spec, pagination({ type: 'page', sizeParam: 'size', size: 20 })).query).toEqual([['q', 'x'], ['page', '1'], ['size', '20']]);
		expect(firstPage(spec, pagination({ type: 'cursor', cursorPath: 'next' })).query).toEqual([['q', 'x']]);
	});

	test('Link headers: rel="next" among others, quoted or not', () => {
		expect(nextLink('<https://a/x?page=3>; rel="next", <https://a/x?page=9>; rel="last"')).toBe('https://a/x?page=3');
		expect(nextLink('<https://a/x?page=1>; rel=prev, <https://a/x?page=3>; rel=next')).toBe('https://a/x?page=3');
		expect(nextLink('<https://a/x?page=9>; rel="last"')).toBeUndefined();
	});

	test.each([
		['a header total', { totalHeader: 'X-Total-Count' }, { 'x-total-count': '42' }, null, 42],
		['a header total, any case, padded', { totalHeader: 'x-total-count' }, { 'X-Total-Count': ' 7 ' }, null, 7],
		['a body total as text', { totalPath: 'meta.total' }, {}, { meta: { total: '12' } }, 12],
		['the header before the body', { totalHeader: 'X-Total', totalPath: 'total' }, { 'x-total': '3' }, { total: 9 }, 3],
		['the body when the header is missing', { totalHeader: 'X-Total', totalPath: 'total' }, {}, { total: 9 }, 9],
		['an empty header is not 0', { totalHeader: 'X-Total-Count' }, { 'x-total-count': '' }, null, undefined],
		['a null total is not 0', { totalPath: 'total' }, {}, { total: null }, undefined],
		['a negative or fractional total counts for nothing', { totalPath: 'total' }, {}, { total: -1.5 }, undefined],
		['text that is not a number', { totalHeader: 'X-Total-Count' }, { 'x-total-count': 'many' }, null, undefined],
	])('totals: %s', (_title, limits, headers, body, expected) => {
		expect(totalOf(pagination({ type: 'page', ...limits }), response(headers), body)).toBe(expected);
	});

	test('an empty header total does not stop paging after the first page', () => {
		const next = nextPage(pagination({ type: 'page', totalHeader: 'X-Total-Count' }), newPageState(), spec, response({ 'x-total-count': '' }), undefined, [{ id: 1 }]);
		expect(next.done).toBe(false);
	});

	test('a header total must be a header name', () => {
		expect(() => pagination({ type: 'page', totalHeader: 'X Total' })).toThrow('/endpoints/0/pagination/totalHeader: must be an HTTP header name');
	});

	test('a next URL on another host is not followed', () => {
		const state = newPageState();
		expect(() => nextPage(pagination({ type: 'nextUrl', nextUrlPath: 'next' }), state, spec, response(), { next: 'https://evil.example.net/steal' }, [{ id: 1 }])).toThrow(
			'The next-page URL leads to https://evil.example.net, not to the connector\'s host https://api.example.com; it was not followed',
		);
	});

	test('a repeated cursor is a loop, not another page', () => {
		const cursor = pagination({ type: 'cursor', cursorPath: 'next' });
		const state = newPageState();
		const second = nextPage(cursor, state, spec, response(), { next: 'c1' }, [{ id: 1 }]);
		expect(second.done).toBe(false);
		if (second.done) return;
		expect(() => nextPage(cursor, state, second.spec, response(), { next: 'c1' }, [{ id: 2 }])).toThrow(PaginationError);
	});
});

describe('pool and rate limiter', () => {
	test('results come back in index order whatever order tasks finish in', async () => {
		const delays = [30, 5, 20, 1, 10];
		const results = await runPool(5, 3, async (index) => {
			await new Promise((resolve) => setTimeout(resolve, delays[index]));
			return index * 10;
		});
		expect(results).toEqual([0, 10, 20, 30, 40].map((value) => ({ ok: true, value })));
	});

	test('never more than the limit in flight', async () => {
		let inFlight = 0;
		let most = 0;
		await runPool(20, 4, async () => {
			most = Math.max(most, ++inFlight);
			await new Promise((resolve) => setTimeout(resolve, 2));
			inFlight--;
		});
		expect(most).toBe(4);
	});

	test('the limiter hands out evenly spaced slots, the stricter limit winning', async () => {
		let now = 1000;
		const waits: number[] = [];
		const limiter = RateLimiter.for({ requestsPerSecond: 10, requestsPerMinute: 300 }, {
			now: () => now,
			sleep: async (ms) => {
				waits.push(ms);
			},
		});
		expect(limiter?.intervalMs).toBe(200);
		for (let i = 0; i < 4; i++) await limiter?.acquire();
		expect(waits).toEqual([200, 400, 600]);
		now += 1000;
		await limiter?.acquire();
		expect(waits).toEqual([200, 400, 600]);
	});
});

describe('pagination through the node', () => {
	const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id);

	test('offset/limit: pages until a short page', async () => {
		nock(API)
			.get('/v1/items').query({ offset: '0', limit: '2' }).reply(200, { data: [{ id: 1 }, { id: 2 }] })
			.get('/v1/items').query({ offset: '2', limit: '2' }).reply(200, { data: [{ id: 3 }, { id: 4 }] })
			.get('/v1/items').query({ offset: '4', limit: '2' }).reply(200, { data: [{ id: 5 }] });
		const result = await run('pages', 'offset', [{}]);
		expect(result.error).toBeUndefined();
		expect(ids(result.items)).toEqual([1, 2, 3, 4, 5]);
		expect(result.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('page number: pages until an empty page', async () => {
		nock(API)
			.get('/v1/items').query({ page: '1', per_page: '2' }).reply(200, { data: [{ id: 1 }, { id: 2 }] })
			.get('/v1/items').query({ page: '2', per_page: '2' }).reply(200, { data: [{ id: 3 }, { id: 4 }] })
			.get('/v1/items').query({ page: '3', per_page: '2' }).reply(200, { data: [] });
		expect(ids((await run('pages', 'page', [{}])).items)).toEqual([1, 2, 3, 4]);
	});

	test('cursor from a response field, until there is none', async () => {
		nock(API)
			.get('/v1/items').reply(200, { data: [{ id: 1 }], meta: { next: 'c2' } })
			.get('/v1/items').query({ cursor: 'c2' }).reply(200, { data: [{ id: 2 }], meta: { next: 'c3' } })
			.get('/v1/items').query({ cursor: 'c3' }).reply(200, { data: [{ id: 3 }], meta: { next: null } });
		expect(ids((await run('pages', 'cursor', [{}])).items)).toEqual([1, 2, 3]);
	});

	test('next URL from a response field, relative or absolute', async () => {
		nock(API)
			.get('/v1/items').reply(200, { data: [{ id: 1 }], links: { next: '/v1/items?after=1' } })
			.get('/v1/items').query({ after: '1' }).reply(200, { data: [{ id: 2 }], links: { next: `${API}/v1/items?after=2` } })
			.get('/v1/items').query({ after: '2' }).reply(200, { data: [{ id: 3 }], links: {} });
		expect(ids((await run('pages', 'nextUrl', [{}])).items)).toEqual([1, 2, 3]);
	});

	test('RFC 5988 Link header', async () => {
		nock(API)
			.get('/v1/items').reply(200, [{ id: 1 }, { id: 2 }], { link: `<${API}/v1/items?page=2>; rel="next", <${API}/v1/items?page=3>; rel="last"` })
			.get('/v1/items').query({ page: '2' }).reply(200, [{ id: 3 }], { link: `<${API}/v1/items?page=3>; rel="next"` })
			.get('/v1/items').query({ page: '3' }).reply(200, [{ id: 4 }]);
		expect(ids((await run('pages', 'link', [{}])).items)).toEqual([1, 2, 3, 4]);
	});

	test('stops when the total is reached', async () => {
		nock(API)
			.get('/v1/items').query({ page: '1' }).reply(200, { data: [{ id: 1 }, { id: 2 }], total: 3 })
			.get('/v1/items').query({ page: '2' }).reply(200, { data: [{ id: 3 }], total: 3 });
		expect(ids((await run('pages', 'total', [{}])).items)).toEqual([1, 2, 3]);
	});

	test('a total in a response header (X-Total-Count): a multiple of the page size costs no extra empty request', async () => {
		nock(API)
			.get('/v1/items').query({ _page: '1', _limit: '2' }).reply(200, [{ id: 1 }, { id: 2 }], { 'X-Total-Count': '4' })
			.get('/v1/items').query({ _page: '2', _limit: '2' }).reply(200, [{ id: 3 }, { id: 4 }], { 'X-Total-Count': '4' });
		// No third request is mocked: the network guard fails the test if the node sends one.
		expect(ids((await run('pages', 'headerTotal', [{}])).items)).toEqual([1, 2, 3, 4]);
	});

	test('the CLI shows the first page exactly as the node previews and sends it', async () => {
		const cli = await runCli(folder, 'request', 'pages.json', 'headerTotal');
		expect(cli.code).toBe(0);
		const preview = await run('pages', 'headerTotal', [{}], {}, { preview: true });
		expect(preview.items[0].json).toEqual(JSON.parse(cli.stdout));
		expect(JSON.parse(cli.stdout)).toMatchObject({ url: `${API}/v1/items?_page=1&_limit=2` });
	});

	test('a total in the body: a full last page is the last request too', async () => {
		nock(API)
			.get('/v1/items').query({ offset: '0', limit: '2' }).reply(200, { data: [{ id: 1 }, { id: 2 }], meta: { total: 4 } })
			.get('/v1/items').query({ offset: '2', limit: '2' }).reply(200, { data: [{ id: 3 }, { id: 4 }], meta: { total: 4 } });
		expect(ids((await run('pages', 'bodyTotal', [{}])).items)).toEqual([1, 2, 3, 4]);
	});

	test('stops at maxPages and at the node\'s Max Records', async () => {
		nock(API)
			.get('/v1/items').reply(200, { data: [{ id: 1 }], next: 'b' })
			.get('/v1/items').query({ cursor: 'b' }).reply(200, { data: [{ id: 2 }], next: 'c' });
		expect(ids((await run('pages', 'capped', [{}])).items)).toEqual([1, 2]);

		nock(API)
			.get('/v1/items').query({ offset: '0', limit: '2' }).reply(200, { data: [{ id: 1 }, { id: 2 }] })
			.get('/v1/items').query({ offset: '2', limit: '2' }).reply(200, { data: [{ id: 3 }, { id: 4 }] });
		expect(ids((await run('pages', 'offset', [{}], {}, { maxRecords: 3 })).items)).toEqual([1, 2, 3]);
	});

	test.each([
		['the same cursor again', 'cursor', () => nock(API).get('/v1/items').reply(200, { data: [{ id: 1 }], meta: { next: 'c2' } }).get('/v1/items').query({ cursor: 'c2' }).reply(200, { data: [{ id: 2 }], meta: { next: 'c2' } }), 'would repeat an earlier page'],
		['the same next URL again', 'nextUrl', () => nock(API).get('/v1/items').reply(200, { data: [{ id: 1 }], links: { next: '/v1/items' } }), 'would repeat an earlier page'],
		['the same records again', 'offset', () => nock(API).get('/v1/items').times(2).query(true).reply(200, { data: [{ id: 1 }, { id: 2 }] }), 'page 2 has the same records as page 1'],
	])('a page that repeats (%s) stops with a clear error', async (_name, endpoint, mock, message) => {
		mock();
		const result = await run('pages', endpoint, [{}]);
		expect(result.error?.message).toContain(message);
	});
});

describe('concurrency through the node', () => {
	test('responses arriving out of order keep input order and pairing', async () => {
		const delays = [60, 10, 40, 0, 25, 5];
		delays.forEach((delay, index) => {
			nock(API).get(`/v1/fast/${index}`).delay(delay).reply(200, { id: index });
		});
		const result = await run('fast', 'get', delays.map((_d, index) => ({ id: index })), { id: '={{ $json.id }}' }, { concurrency: 6 });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.id, item.pairedItem])).toEqual(delays.map((_d, index) => [index, { item: index }]));
	});

	test('count in = count out under mixed failures with continueOnFail', async () => {
		const statuses = [200, 404, 200, 500, 200, 200, 400, 200];
		statuses.forEach((status, index) => {
			nock(API).get(`/v1/fast/${index}`).delay((index * 7) % 20).reply(status, status === 200 ? [{ id: index, n: 1 }, { id: index, n: 2 }] : { message: 'no' });
		});
		const result = await run('fast', 'get', statuses.map((_s, index) => ({ id: index })), { id: '={{ $json.id }}' }, { concurrency: 4 }, true);
		expect(result.error).toBeUndefined();
		const pairs = result.items.map((item) => (item.pairedItem as { item: number }).item);
		expect(new Set(pairs)).toEqual(new Set(statuses.map((_s, index) => index)));
		expect(pairs).toEqual([...pairs].sort((a, b) => a - b));
		expect(result.items.filter((item) => item.json.error).map((item) => item.json.status)).toEqual([404, 500, 400]);
		expect(result.items).toHaveLength(5 * 2 + 3);
	});
});

describe('rate limit, retries and timeouts through the node', () => {
	// A virtual clock starting at a whole second: the node's waits (rate limit, backoff, Retry-After)
	// return at once, move the clock forward and are recorded as the moment each waiter wakes (ms
	// after the start), so the checks below are exact on any machine, however busy.
	const START = Date.UTC(2030, 0, 1);
	let now: number;
	let waits: number[];
	const real = { ...nodeClock };
	beforeEach(() => {
		now = START;
		waits = [];
		nodeClock.now = () => now;
		nodeClock.sleep = async (ms: number) => {
			const wake = now + ms;
			waits.push(wake - START);
			now = Math.max(now, wake);
		};
	});
	afterEach(() => Object.assign(nodeClock, real));

	test('requests are spaced by the connector\'s rate limit across items', async () => {
		nock(API).get(/\/v1\/things\/\d/).times(5).reply(200, { ok: true });
		const result = await run('work', 'get', [1, 2, 3, 4, 5].map((id) => ({ id })), { id: '={{ $json.id }}' }, { concurrency: 5 });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		// 20 per second: one every 50 ms. The first item goes at once, the others at their slots.
		expect(waits).toEqual([50, 100, 150, 200]);
	});

	test('503 then 200: retried, the item succeeds', async () => {
		nock(API).get('/v1/things/1').reply(503, {}).get('/v1/things/1').reply(200, { id: 1 });
		const result = await run('work', 'get', [{}], { id: '1' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 1 });
	});

	test('Retry-After in seconds is honoured', async () => {
		nock(API)
			.get('/v1/things/1').reply(429, {}, { 'Retry-After': '1' })
			.get('/v1/things/1').reply(200, { id: 1 });
		const result = await run('work', 'get', [{}], { id: '1' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 1 });
		expect(waits).toEqual([1000]);
	});

	test('Retry-After as an HTTP date is honoured', async () => {
		nock(API)
			.get('/v1/things/1').reply(503, {}, { 'Retry-After': new Date(START + 2000).toUTCString() })
			.get('/v1/things/1').reply(200, { id: 1 });
		const result = await run('work', 'get', [{}], { id: '1' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 1 });
		// Two seconds after the node's "now" (the connector allows waits up to 2 s).
		expect(waits).toEqual([2000]);
	});

	test('the final error says how many attempts were made', async () => {
		nock(API).get('/v1/things/1').times(3).reply(502, {});
		const result = await run('work', 'get', [{}], { id: '1' });
		expect(result.error?.message).toMatch(/\(502 Bad Gateway: GET https:\/\/api\.example\.com\/v1\/things\/1\) \(after 3 attempts\)$/);
	});

	test('a POST is not retried, and the error says why', async () => {
		nock(API).post('/v1/things').once().reply(503, {});
		const result = await run('work', 'create', [{}], { id: '1' });
		expect(result.error?.message).toContain('(1 attempt; not retried: the method is not idempotent)');
	});

	test('a POST is retried when the endpoint is idempotent or sends its idempotency key', async () => {
		nock(API).post('/v1/things').reply(503, {}).post('/v1/things').reply(201, { created: true });
		expect((await run('work', 'createSafe', [{}])).items[0].json).toEqual({ created: true });
		nock(API, { reqheaders: { 'idempotency-key': 'req-7' } }).post('/v1/things').reply(503, {}).post('/v1/things').reply(201, { created: 2 });
		expect((await run('work', 'createKeyed', [{}], { requestId: 'req-7' })).items[0].json).toEqual({ created: 2 });
	});

	test('every attempt is bounded by the timeout', async () => {
		nock(API).get('/v1/things/1').times(2).delay(500).reply(200, { late: true });
		const result = await run('work', 'get', [{}], { id: '1' }, { timeout: 100, maxAttempts: 2 });
		expect(result.error?.message).toBe('Could not reach https://api.example.com: no answer within 100 ms (after 2 attempts)');
	});
});
