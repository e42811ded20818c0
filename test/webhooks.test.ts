/**
 * The instant-trigger runtime without n8n: the `webhooks` section's rules, each signature scheme,
 * the replay window and event-id dedupe with an injected clock, and the whole delivery decision.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseDefinition, validateDefinition, type WebhookSignatureDefinition, type WebhooksDefinition } from '../src';
import {
	checkTimestamp,
	computeSignature,
	decideDelivery,
	type DeliveryContext,
	parseTimestamp,
	rememberEventId,
	type SignedDelivery,
	subscribeInputs,
	subscriptionFrom,
	subscriptionMatches,
	verifySignature,
} from '../src/webhooks';

const document = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'webhooks', 'shop-events.json'), 'utf8')) as Record<string, unknown>;
const connector = parseDefinition(document, 'shop-events.json');
const webhooks = connector.webhooks as WebhooksDefinition;

type HmacScheme = Extract<WebhookSignatureDefinition, { type: 'hmac' }>;

const SECRET = 'whsec_shop_9f2c1e';
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const nowSeconds = String(NOW / 1000);

function delivery(body: string | Buffer, headers: Record<string, string>): SignedDelivery {
	const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
	return { rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body), header: (name) => lower.get(name.toLowerCase()) };
}

function withWebhooks(patch: Record<string, unknown>, auth: unknown = document.auth) {
	return { ...structuredClone(document), auth, webhooks: { ...(structuredClone(document.webhooks) as object), ...patch } };
}

describe('the webhooks section', () => {
	it('fills defaults', () => {
		const minimal = parseDefinition(
			withWebhooks({
				signature: { type: 'token', header: 'X-Token' },
				timestamp: undefined,
				eventIdPath: undefined,
				dedupeWindowSeconds: undefined,
				maxBodyBytes: undefined,
				subscribe: { endpoint: 'createWebhook', idPath: 'id' },
				unsubscribe: { endpoint: 'deleteWebhook' },
			}),
			'x.json',
		).webhooks;
		expect(minimal?.signature).toEqual({ type: 'token', header: 'X-Token', secret: 'credential' });
		expect(minimal?.subscribe.urlInput).toBe('url');
		expect(minimal?.unsubscribe.idInput).toBe('id');
		expect(minimal?.dedupeWindowSeconds).toBe(86400);
		expect(minimal?.maxBodyBytes).toBe(1048576);
	});

	it.each([
		['an unknown subscribe endpoint', { subscribe: { endpoint: 'nope', idPath: 'id' } }, '/webhooks/subscribe/endpoint: no endpoint "nope"; the endpoints are createWebhook, getWebhook, deleteWebhook'],
		['a URL input the endpoint lacks', { subscribe: { endpoint: 'createWebhook', urlInput: 'target', idPath: 'id', secretPath: 's' } }, '/webhooks/subscribe/urlInput: endpoint "createWebhook" has no input "target"'],
		['an id input the endpoint lacks', { unsubscribe: { endpoint: 'deleteWebhook', idInput: 'webhookId' } }, '/webhooks/unsubscribe/idInput: endpoint "deleteWebhook" has no input "webhookId"'],
		['a subscription secret without secretPath', { subscribe: { endpoint: 'createWebhook', idPath: 'id' } }, '/webhooks/signature/secret: the secret comes from the subscription, so subscribe.secretPath must say where the subscribe response holds it'],
		['a timestamp-signed body without a timestamp header', { timestamp: undefined }, '/webhooks/signature/signedContent: "timestamp.body" signs the timestamp header, so webhooks.timestamp must declare it'],
		['a repeated event type', { events: [{ name: 'A', value: 'a' }, { name: 'B', value: 'a' }] }, '/webhooks/events/1/value: duplicate event type "a"'],
		['no signature at all', { signature: undefined }, '/webhooks/signature: is required'],
		['an unknown algorithm', { signature: { type: 'hmac', algorithm: 'md5', header: 'X-Sig' } }, '/webhooks/signature/algorithm: must be one of sha256, sha1'],
		['event id in both places', { eventIdHeader: 'X-Event-Id' }, '/webhooks: declare eventIdPath or eventIdHeader, not both'],
		['a body limit above 16 MB', { maxBodyBytes: 17 * 1024 * 1024 }, '/webhooks/maxBodyBytes:'],
	])('rejects %s', (_name, patch, message) => {
		const result = validateDefinition(withWebhooks(patch));
		expect(result.ok).toBe(false);
		const lines = result.ok ? [] : result.problems.map((problem) => `${problem.path}: ${problem.message}`);
		expect(lines.some((line) => line.startsWith(message))).toBe(true);
	});

	it('rejects a credential secret on a connector without a credential', () => {
		const result = validateDefinition(withWebhooks({ signature: { type: 'token', header: 'X-Token' } }, { type: 'none' }));
		expect(result.ok ? [] : result.problems).toEqual([
			{
				path: '/webhooks/signature/secret',
				message: 'the secret comes from the credential, but the connector has no credential (auth "none"); use "subscription" or declare auth',
			},
		]);
	});
});

describe('signatures', () => {
	const body = '{"id":"evt_1","type":"order.shipped"}';
	const hmac = (patch: Partial<HmacScheme>): HmacScheme => ({
		type: 'hmac',
		algorithm: 'sha256',
		header: 'X-Sig',
		encoding: 'hex',
		prefix: '',
		signedContent: 'body',
		secret: 'credential',
		...patch,
	});

	// Signatures computed independently with openssl (printf '%s' "$body" | openssl dgst -sha256
	// -hmac "$secret" ...), so verification is checked against another implementation, not itself.
	it.each([
		['SHA-256 hex', hmac({}), '99ddcfd26d3133a31e87cc87320a94861df22caf6be2107e52f50bdf69563fed'],
		['SHA-256 base64, prefix', hmac({ encoding: 'base64', prefix: 'sha256=' }), 'sha256=md3P0m0xM6Meh8yHMgqUhh3yLK9r4hB+UvUL32lWP+0='],
		['SHA-1 hex, prefix', hmac({ algorithm: 'sha1', prefix: 'sha1=' }), 'sha1=ed95bb532d0634faa6f2f26888446af393da3c48'],
		['SHA-1 base64', hmac({ algorithm: 'sha1', encoding: 'base64' }), '7ZW7Uy0GNPqm8vJoiERq85PaPEg='],
		['SHA-256 over timestamp.body', hmac({ signedContent: 'timestamp.body' }), 'dfdfe59206aaf1d3bcc383f2c1a9735b606a6512debcf93670fc5fba05432333'],
		['SHA-256 hex in upper case', hmac({}), '99DDCFD26D3133A31E87CC87320A94861DF22CAF6BE2107E52F50BDF69563FED'],
	])('%s: an openssl signature verifies', (_name, scheme, signature) => {
		expect(verifySignature(scheme, delivery(body, { 'X-Sig': signature }), SECRET, nowSeconds)).toEqual({ ok: true });
		expect(computeSignature(scheme, SECRET, Buffer.from(body), nowSeconds).toLowerCase()).toBe(signature.toLowerCase());
	});

	it('a shared token header: equal passes, anything else fails', () => {
		const scheme = { type: 'token', header: 'X-Webhook-Token', secret: 'credential' } as const;
		expect(verifySignature(scheme, delivery(body, { 'x-webhook-token': SECRET }), SECRET)).toEqual({ ok: true });
		expect(verifySignature(scheme, delivery(body, { 'x-webhook-token': `${SECRET}x` }), SECRET)).toEqual({
			ok: false,
			reason: 'the X-Webhook-Token header does not match',
		});
		expect(verifySignature(scheme, delivery(body, {}), SECRET)).toEqual({ ok: false, reason: 'the X-Webhook-Token header is missing' });
		expect(verifySignature({ type: 'none' }, delivery(body, {}), undefined)).toEqual({ ok: true });
	});

	it.each([
		['HMAC SHA-256 hex', hmac({})],
		['HMAC SHA-256 base64 with a prefix', hmac({ encoding: 'base64', prefix: 'sha256=' })],
		['HMAC SHA-1 hex with a prefix (GitHub style)', hmac({ algorithm: 'sha1', prefix: 'sha1=' })],
		['HMAC SHA-1 base64', hmac({ algorithm: 'sha1', encoding: 'base64' })],
		['HMAC SHA-256 over timestamp.body (Stripe style)', hmac({ signedContent: 'timestamp.body' })],
	])('%s: the right signature passes, a wrong one, another secret, a changed body and a missing header fail', (_name, scheme) => {
		const signature = computeSignature(scheme, SECRET, Buffer.from(body), nowSeconds);
		expect(verifySignature(scheme, delivery(body, { 'x-sig': signature }), SECRET, nowSeconds)).toEqual({ ok: true });
		// Header names are case-insensitive.
		expect(verifySignature(scheme, delivery(body, { 'X-SIG': signature }), SECRET, nowSeconds)).toEqual({ ok: true });
		const mismatch = { ok: false, reason: 'the X-Sig signature does not match' };
		expect(verifySignature(scheme, delivery(body, { 'x-sig': computeSignature(scheme, 'another-secret', Buffer.from(body), nowSeconds) }), SECRET, nowSeconds)).toEqual(mismatch);
		expect(verifySignature(scheme, delivery(`${body} `, { 'x-sig': signature }), SECRET, nowSeconds)).toEqual(mismatch);
		expect(verifySignature(scheme, delivery(body, { 'x-sig': `${signature.slice(0, -2)}` }), SECRET, nowSeconds)).toEqual(mismatch);
		expect(verifySignature(scheme, delivery(body, { 'x-sig': 'not a signature' }), SECRET, nowSeconds)).toEqual(mismatch);
		expect(verifySignature(scheme, delivery(body, {}), SECRET, nowSeconds)).toEqual({ ok: false, reason: 'the X-Sig header is missing' });
		expect(verifySignature(scheme, delivery(body, { 'x-sig': signature }), undefined, nowSeconds)).toEqual({
			ok: false,
			reason: 'no signing secret is configured for this trigger',
		});
		if (scheme.signedContent === 'timestamp.body') {
			expect(verifySignature(scheme, delivery(body, { 'x-sig': signature }), SECRET, String(NOW / 1000 + 1))).toEqual(mismatch);
		}
	});
});

describe('the replay window', () => {
	const rule = { header: 'X-Ts', format: 'unixSeconds', toleranceSeconds: 300 } as const;

	it.each([
		['unixSeconds', '1768478400', NOW],
		['unixMillis', '1768478400123', NOW + 123],
		['iso', '2026-01-15T12:00:00Z', NOW],
		['iso', '2026-01-15T13:00:00+01:00', NOW],
	] as const)('reads %s %s', (format, text, ms) => {
		expect(parseTimestamp(text, format)).toBe(ms);
	});

	it.each([['unixSeconds', 'yesterday'], ['unixSeconds', '-5'], ['iso', '1768478400'], ['iso', '2026-13-45T00:00:00Z']] as const)(
		'refuses %s %s',
		(format, text) => expect(parseTimestamp(text, format)).toBeUndefined(),
	);

	it('accepts the window edges and refuses one second beyond, both ways', () => {
		expect(checkTimestamp(rule, String(NOW / 1000 - 300), NOW)).toEqual({ ok: true });
		expect(checkTimestamp(rule, String(NOW / 1000 + 300), NOW)).toEqual({ ok: true });
		const outside = { ok: false, reason: 'the X-Ts timestamp is outside the replay window of 300 s' };
		expect(checkTimestamp(rule, String(NOW / 1000 - 301), NOW)).toEqual(outside);
		expect(checkTimestamp(rule, String(NOW / 1000 + 301), NOW)).toEqual(outside);
		expect(checkTimestamp(rule, undefined, NOW)).toEqual({ ok: false, reason: 'the X-Ts header is missing' });
		expect(checkTimestamp(rule, 'soon', NOW)).toEqual({ ok: false, reason: 'the X-Ts header is not a unixSeconds timestamp' });
	});
});

describe('event-id dedupe', () => {
	const hour = 3600 * 1000;

	it('a repeated id within the window is a duplicate; after the window it is new again', () => {
		let state = rememberEventId(undefined, 'evt_1', NOW, hour).state;
		expect(rememberEventId(state, 'evt_1', NOW + hour - 1, hour).duplicate).toBe(true);
		const other = rememberEventId(state, 'evt_2', NOW + 10, hour);
		expect(other.duplicate).toBe(false);
		state = other.state;
		expect(state.seen).toEqual([['evt_1', NOW], ['evt_2', NOW + 10]]);
		const later = rememberEventId(state, 'evt_1', NOW + hour, hour);
		expect(later.duplicate).toBe(false);
		// Expired ids are dropped, so the state does not grow with time.
		expect(later.state.seen).toEqual([['evt_2', NOW + 10], ['evt_1', NOW + hour]]);
	});

	it('keeps at most cap ids, oldest forgotten first', () => {
		let state = rememberEventId(undefined, 'a', NOW, hour, 2).state;
		state = rememberEventId(state, 'b', NOW + 1, hour, 2).state;
		state = rememberEventId(state, 'c', NOW + 2, hour, 2).state;
		expect(state.seen.map(([id]) => id)).toEqual(['b', 'c']);
		expect(rememberEventId(state, 'a', NOW + 3, hour, 2).duplicate).toBe(false);
	});
});

describe('a delivery', () => {
	const payload = (patch: Record<string, unknown> = {}) =>
		JSON.stringify({ id: 'evt_100', type: 'order.shipped', data: { orders: [{ orderId: 'ORD-1' }, { orderId: 'ORD-2' }] }, ...patch });
	const signed = (body: string, timestamp = nowSeconds, secret = SECRET) =>
		delivery(body, {
			'X-Shop-Timestamp': timestamp,
			'X-Shop-Signature': computeSignature(webhooks.signature as never, secret, Buffer.from(body), timestamp),
		});
	const context = (patch: Partial<DeliveryContext> = {}): DeliveryContext => ({
		webhooks,
		secret: SECRET,
		chosenEvents: ['order.shipped'],
		nowMs: NOW,
		eventIds: undefined,
		...patch,
	});

	it('a signed, fresh, chosen, new event runs with the records as items and remembers its id', () => {
		const decision = decideDelivery(signed(payload()), context());
		expect(decision).toEqual({
			action: 'run',
			records: [{ orderId: 'ORD-1' }, { orderId: 'ORD-2' }],
			eventId: 'evt_100',
			eventIds: { seen: [['evt_100', NOW]] },
		});
	});

	it('the same event again within the window is acknowledged and starts nothing', () => {
		const first = decideDelivery(signed(payload()), context());
		const again = decideDelivery(signed(payload(), String(NOW / 1000 + 60)), context({ nowMs: NOW + 60000, eventIds: first.action === 'run' ? first.eventIds : undefined }));
		expect(again).toMatchObject({ action: 'ignore', reason: 'event evt_100 was already received' });
	});

	it.each([
		['a forged signature', () => signed(payload(), nowSeconds, 'guessed-secret'), 401, 'Unauthorized: the X-Shop-Signature signature does not match'],
		['no signature', () => delivery(payload(), { 'X-Shop-Timestamp': nowSeconds }), 401, 'Unauthorized: the X-Shop-Signature header is missing'],
		['a replay from an hour ago, correctly signed', () => signed(payload(), String(NOW / 1000 - 3600)), 401, 'Unauthorized: the X-Shop-Timestamp timestamp is outside the replay window of 300 s'],
		['a re-signed body with the old signature', () => ({ ...signed(payload()), rawBody: Buffer.from(payload({ id: 'evt_101' })) }), 401, 'Unauthorized: the X-Shop-Signature signature does not match'],
		['a body above maxBodyBytes', () => signed(payload({ pad: 'x'.repeat(5000) })), 413, 'Payload too large:'],
		['a body that is not JSON', () => signed('id=1&type=order.shipped'), 400, 'The payload is not JSON'],
	])('%s is refused with its status', (_name, make, status, message) => {
		const decision = decideDelivery(make(), context());
		expect(decision.action).toBe('reject');
		if (decision.action === 'reject') {
			expect(decision.status).toBe(status);
			expect(decision.message.startsWith(message)).toBe(true);
		}
	});

	it('an event type the builder did not choose is acknowledged and starts nothing', () => {
		expect(decideDelivery(signed(payload({ type: 'order.created' })), context())).toEqual({ action: 'ignore', reason: 'event type "order.created" was not chosen' });
		expect(decideDelivery(signed(payload({ type: 'order.created' })), context({ chosenEvents: [] })).action).toBe('run');
	});

	it('an object at recordsPath is one item; nothing there starts nothing; no recordsPath: the whole body', () => {
		expect(decideDelivery(signed(payload({ data: { orders: { orderId: 'ORD-9' } } })), context())).toMatchObject({ action: 'run', records: [{ orderId: 'ORD-9' }] });
		expect(decideDelivery(signed(payload({ data: {} })), context())).toMatchObject({ action: 'ignore', reason: 'no records at data.orders' });
		const whole = { ...webhooks, recordsPath: undefined };
		expect(decideDelivery(signed(payload()), context({ webhooks: whole }))).toMatchObject({ action: 'run', records: [JSON.parse(payload())] });
	});

	it('without a secret nothing is verified or started: 503, so the API delivers again later', () => {
		expect(decideDelivery(signed(payload()), context({ secret: undefined }))).toEqual({
			action: 'reject',
			status: 503,
			message: 'Service Unavailable: this trigger has no signing secret (yet); nothing was started',
		});
	});

	it('an event id from a header', () => {
		const byHeader = { ...webhooks, eventIdPath: undefined, eventIdHeader: 'X-Event-Id' };
		const body = payload();
		const request = { ...signed(body), header: (name: string) => (name.toLowerCase() === 'x-event-id' ? 'hdr-7' : signed(body).header(name)) };
		expect(decideDelivery(request, context({ webhooks: byHeader }))).toMatchObject({ action: 'run', eventId: 'hdr-7' });
	});
});

describe('the subscription', () => {
	it('fills the subscribe inputs and reads id and secret from the response', () => {
		expect(subscribeInputs(webhooks, 'https://n8n.example.com/webhook/abc/webhook', ['order.shipped'])).toEqual({
			url: 'https://n8n.example.com/webhook/abc/webhook',
			events: ['order.shipped'],
		});
		const subscription = subscriptionFrom(webhooks, { id: 42, secret: 'whsec_x' }, 'https://u', ['order.shipped']);
		expect(subscription).toEqual({ id: '42', url: 'https://u', events: ['order.shipped'], secret: 'whsec_x' });
		expect(() => subscriptionFrom(webhooks, { secret: 's' }, 'https://u', [])).toThrow('The subscribe response has no subscription id at "id"');
		expect(() => subscriptionFrom(webhooks, { id: 'w1' }, 'https://u', [])).toThrow('The subscribe response has no signing secret at "secret"');
	});

	it('a remembered subscription matches only the same URL and the same events', () => {
		const subscription = { id: '1', url: 'https://u', events: ['a', 'b'] };
		expect(subscriptionMatches(subscription, 'https://u', ['b', 'a'])).toBe(true);
		expect(subscriptionMatches(subscription, 'https://test-url', ['a', 'b'])).toBe(false);
		expect(subscriptionMatches(subscription, 'https://u', ['a'])).toBe(false);
		expect(subscriptionMatches(undefined, 'https://u', [])).toBe(false);
	});
});
