/* global fetch, AbortSignal, setTimeout */
/**
 * Webhooks of the demo Order Service (the `webhooks` section of connectors/order-service.json):
 * subscriptions kept in memory, and signed event deliveries to every subscriber that chose the
 * event's type.
 *
 *   POST   /api/v1/webhooks        { url, events: [...] }  -> 201 { id, url, events, secret, createdAt }
 *   GET    /api/v1/webhooks/:id                             -> 200 the subscription without its secret (404)
 *   DELETE /api/v1/webhooks/:id                             -> 204 (404)
 *
 * A delivery: POST <url> with the JSON event { id, type, createdAt, data }, signed like Stripe or
 * GitHub do: X-Order-Timestamp (unix seconds) and X-Order-Signature "sha256=" + hex HMAC-SHA256 of
 * "<timestamp>.<raw body>", keyed with the subscription's secret. Like real APIs, a delivery
 * answered 5xx or not answered is tried again (up to 5 attempts, 1 s apart), re-signed each time.
 */
const crypto = require('crypto');

const EVENT_TYPES = ['order.delivery_rescheduled', 'order.refunded'];

/** The headers of a delivery of `body` (a string) signed with `secret` at `timestamp` (unix seconds). */
function signedHeaders(body, secret, timestamp = Math.floor(Date.now() / 1000)) {
	const signature = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
	return { 'Content-Type': 'application/json', 'X-Order-Timestamp': String(timestamp), 'X-Order-Signature': `sha256=${signature}` };
}

function createWebhooks({ log = () => {} } = {}) {
	const subscriptions = new Map();
	/** Every delivery attempt: { subscriptionId, url, eventId, type, status | error }. */
	const deliveries = [];
	let sequence = 0;

	/** Handles /api/v1/webhooks[/:id]; `parts` are the path segments after /api/v1. Returns [status, body]. */
	function route(method, parts, body, fail) {
		if (parts.length === 1 && method === 'POST') {
			const url = typeof body.url === 'string' ? body.url : '';
			if (!/^https?:\/\//.test(url)) return fail(422, 'invalid_url', 'url must be an absolute http(s) URL.');
			const events = Array.isArray(body.events) ? body.events : [];
			const unknown = events.filter((event) => !EVENT_TYPES.includes(event));
			if (!events.length || unknown.length) {
				return fail(422, 'invalid_events', `events must list some of ${EVENT_TYPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}.`);
			}
			const subscription = {
				id: `WH-${String(++sequence).padStart(4, '0')}`,
				url,
				events,
				secret: `whsec_${crypto.randomBytes(18).toString('hex')}`,
				createdAt: new Date().toISOString(),
			};
			subscriptions.set(subscription.id, subscription);
			log(`webhook ${subscription.id} subscribed: ${url} (${events.join(', ')})`);
			return [201, subscription];
		}
		const subscription = parts.length === 2 ? subscriptions.get(parts[1]) : undefined;
		if (parts.length === 2 && (method === 'GET' || method === 'DELETE')) {
			if (!subscription) return fail(404, 'not_found', `No webhook ${parts[1]}.`);
			if (method === 'DELETE') {
				subscriptions.delete(subscription.id);
				log(`webhook ${subscription.id} unsubscribed`);
				return [204, null];
			}
			// The secret is shown once, in the subscribe answer, as real APIs do.
			return [200, Object.fromEntries(Object.entries(subscription).filter(([key]) => key !== 'secret'))];
		}
		return fail(404, 'not_found', 'No such route.');
	}

	/** Sends one event to every subscriber of its type; resolves when all deliveries were answered. */
	async function emit(type, data) {
		const event = { id: `EVT-${crypto.randomUUID()}`, type, createdAt: new Date().toISOString(), data };
		const body = JSON.stringify(event);
		const targets = [...subscriptions.values()].filter((subscription) => subscription.events.includes(type));
		await Promise.all(
			targets.map(async (subscription) => {
				const record = { subscriptionId: subscription.id, url: subscription.url, eventId: event.id, type, attempts: 0 };
				for (;;) {
					record.attempts += 1;
					delete record.error;
					try {
						const response = await fetch(subscription.url, {
							method: 'POST',
							headers: signedHeaders(body, subscription.secret),
							body,
							signal: AbortSignal.timeout(30_000),
						});
						record.status = response.status;
					} catch (error) {
						record.error = error instanceof Error ? error.message : String(error);
					}
					if ((record.status === undefined || record.status >= 500) && record.attempts < 5) {
						await new Promise((resolve) => setTimeout(resolve, 1000));
						continue;
					}
					break;
				}
				deliveries.push(record);
				log(`event ${event.id} (${type}) -> ${subscription.url}: ${record.status ?? record.error}`);
			}),
		);
		return { event, body };
	}

	return { subscriptions, deliveries, route, emit };
}

module.exports = { createWebhooks, signedHeaders, EVENT_TYPES };
