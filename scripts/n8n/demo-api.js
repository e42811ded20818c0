/* global URL, setImmediate */
/**
 * The demo Order Service: the local counterpart of connectors/order-service.json, so the Order
 * Service connector can really be called from n8n on a laptop. A plain node:http server on
 * 127.0.0.1 whose data is a JSON file: edit the file (or call the write endpoints) and the next
 * request sees the change. The file is re-read on every request and rewritten after every change.
 *
 *   GET  /api/v1                                  { api, resources } (the credential test)
 *   GET  /api/v1/orders/:id                       one order                         (400, 404)
 *   GET  /api/v1/orders?status=&customerEmail=&limit=&offset=   { data, total, limit, offset } (400, 422)
 *   POST /api/v1/orders/:id/delivery/reschedule   { date, timeSlot, note }          (400, 404, 409, 422)
 *   POST /api/v1/orders/:id/refunds               { amount, currency, reason, comment } + Idempotency-Key
 *                                                                                   (400, 404, 409, 422)
 *   POST /api/v1/webhooks, GET|DELETE /api/v1/webhooks/:id   subscriptions to signed order events
 *                                                 (demo-webhooks.js): a reschedule sends
 *                                                 order.delivery_rescheduled, a refund order.refunded
 *   GET  /health                                  no key needed
 *
 * Every /api route needs an X-API-Key header with one of the file's "apiKeys" (401 otherwise).
 *
 * Standalone: node scripts/n8n/demo-api.js [--port 5680] [--data .n8n-demo/orders.json]
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const { createWebhooks } = require('./demo-webhooks');

const SEED_FILE = path.join(__dirname, 'demo', 'orders.seed.json');
const ORDER_ID = /^ORD-\d{4}-\d{6}$/;
const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'];
const TIME_SLOTS = ['morning', 'afternoon', 'evening'];
const REASONS = ['damaged', 'not_delivered', 'wrong_item', 'late_delivery', 'returned', 'other'];
const DAY = 24 * 60 * 60 * 1000;

class ApiError extends Error {
	constructor(status, code, message) {
		super(message);
		this.status = status;
		this.code = code;
	}
}

const isoDay = (date) => date.toISOString().slice(0, 10);
const round2 = (value) => Math.round(value * 100) / 100;

/** A refund as the API shows it: the idempotency key it was stored with stays internal. */
const publicRefund = (refund) => Object.fromEntries(Object.entries(refund).filter(([key]) => key !== 'idempotencyKey'));

/** The public view of an order. */
const publicOrder = (order) => ({ ...order, refunds: (order.refunds ?? []).map(publicRefund) });

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			if (!text.trim()) return resolve({});
			try {
				const value = JSON.parse(text);
				resolve(typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});
			} catch {
				reject(new ApiError(400, 'invalid_json', 'The request body is not valid JSON.'));
			}
		});
		req.on('error', reject);
	});
}

/**
 * Starts the server. `dataFile` is created from the seed when missing. Resolves to
 * { url, port, baseUrl, dataFile, requests, webhooks, close() }; `requests` lists every request seen
 * ({ method, path, status, apiKey }) for tests; `webhooks` the subscriptions and deliveries.
 */
function startDemoApi({ port = 5680, host = '127.0.0.1', dataFile, log = () => {} } = {}) {
	if (!dataFile) throw new Error('startDemoApi needs a dataFile');
	if (!fs.existsSync(dataFile)) {
		fs.mkdirSync(path.dirname(dataFile), { recursive: true });
		fs.copyFileSync(SEED_FILE, dataFile);
	}
	const requests = [];
	const webhooks = createWebhooks({ log });
	/** Events go out after the answer, as a real API queues them. */
	const emitLater = (type, data) => setImmediate(() => webhooks.emit(type, data).catch(() => {}));
	const load = () => JSON.parse(fs.readFileSync(dataFile, 'utf8'));
	const save = (data) => {
		const temporary = `${dataFile}.${process.pid}.tmp`;
		fs.writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`);
		fs.renameSync(temporary, dataFile);
	};

	function findOrder(data, id) {
		if (!ORDER_ID.test(id)) throw new ApiError(400, 'invalid_order_id', `"${id}" is not an order number (ORD-YYYY-NNNNNN).`);
		const order = data.orders.find((candidate) => candidate.id === id);
		if (!order) throw new ApiError(404, 'not_found', `No order ${id}.`);
		return order;
	}

	async function route(req, url) {
		const parts = url.pathname.replace(/\/+$/, '').split('/').filter(Boolean).map(decodeURIComponent);
		if (req.method === 'GET' && url.pathname === '/health') return [200, { status: 'ok' }];
		// GET /api/v1 (the base URL) answers a valid key: the credential dialog's connection test
		// GETs the base URL, and a correct key must read "Connection tested successfully".
		const index = parts.length === 2 && parts[0] === 'api' && parts[1] === 'v1' && req.method === 'GET';
		if (!index && (parts[0] !== 'api' || parts[1] !== 'v1' || !['orders', 'webhooks'].includes(parts[2]))) throw new ApiError(404, 'not_found', 'No such route.');

		const data = load();
		const key = req.headers['x-api-key'];
		if (typeof key !== 'string' || !(data.apiKeys ?? []).includes(key)) {
			throw new ApiError(401, 'unauthorized', 'Missing or invalid X-API-Key header.');
		}
		if (index) return [200, { api: 'Order Service (demo)', resources: ['orders', 'webhooks'] }];
		if (parts[2] === 'webhooks') {
			const body = req.method === 'POST' ? await readBody(req) : {};
			return webhooks.route(req.method, parts.slice(2), body, (status, code, message) => {
				throw new ApiError(status, code, message);
			});
		}

		// GET /api/v1/orders
		if (parts.length === 3 && req.method === 'GET') {
			const status = url.searchParams.get('status');
			const email = url.searchParams.get('customerEmail');
			const limit = Number(url.searchParams.get('limit') ?? 50);
			const offset = Number(url.searchParams.get('offset') ?? 0);
			if (status && !STATUSES.includes(status)) throw new ApiError(400, 'invalid_status', `Unknown status "${status}".`);
			if (!Number.isInteger(limit) || limit < 1 || limit > 200 || !Number.isInteger(offset) || offset < 0) {
				throw new ApiError(422, 'invalid_page', 'limit must be 1-200 and offset 0 or more.');
			}
			const matching = data.orders
				.filter((order) => (!status || order.status === status) && (!email || order.customer.email.toLowerCase() === email.toLowerCase()))
				.sort((a, b) => b.placedAt.localeCompare(a.placedAt));
			const page = matching.slice(offset, offset + limit).map(({ id, status: s, placedAt, customer, total }) => ({
				id,
				status: s,
				placedAt,
				customer,
				total,
			}));
			return [200, { data: page, total: matching.length, limit, offset }];
		}

		// GET /api/v1/orders/:id
		if (parts.length === 4 && req.method === 'GET') return [200, publicOrder(findOrder(data, parts[3]))];

		// POST /api/v1/orders/:id/delivery/reschedule
		if (parts.length === 6 && req.method === 'POST' && parts[4] === 'delivery' && parts[5] === 'reschedule') {
			const body = await readBody(req);
			const order = findOrder(data, parts[3]);
			if (!body.date || !body.timeSlot) throw new ApiError(400, 'missing_fields', 'date and timeSlot are required.');
			if (['delivered', 'cancelled', 'returned'].includes(order.status) || !order.delivery || order.delivery.outForDelivery) {
				throw new ApiError(409, 'not_reschedulable', `The delivery of ${order.id} can no longer be moved (status ${order.status}${order.delivery?.outForDelivery ? ', out for delivery' : ''}).`);
			}
			const today = isoDay(new Date());
			const latest = isoDay(new Date(Date.now() + 14 * DAY));
			const note = body.note === undefined || body.note === null ? undefined : String(body.note);
			if (!/^\d{4}-\d{2}-\d{2}$/.test(String(body.date)) || String(body.date) <= today || String(body.date) > latest) {
				throw new ApiError(422, 'invalid_date', `date must be a day between tomorrow and ${latest} (YYYY-MM-DD).`);
			}
			if (!TIME_SLOTS.includes(body.timeSlot)) throw new ApiError(422, 'invalid_time_slot', `timeSlot must be one of ${TIME_SLOTS.join(', ')}.`);
			if (note !== undefined && note.length > 200) throw new ApiError(422, 'note_too_long', 'note must be at most 200 characters.');
			order.delivery = { ...order.delivery, estimatedDate: String(body.date), timeSlot: body.timeSlot, ...(note ? { note } : {}) };
			save(data);
			const rescheduled = { orderId: order.id, delivery: order.delivery, rescheduledAt: new Date().toISOString() };
			emitLater('order.delivery_rescheduled', rescheduled);
			return [200, rescheduled];
		}

		// POST /api/v1/orders/:id/refunds
		if (parts.length === 5 && req.method === 'POST' && parts[4] === 'refunds') {
			const body = await readBody(req);
			const order = findOrder(data, parts[3]);
			const idempotencyKey = req.headers['idempotency-key'];
			order.refunds = order.refunds ?? [];
			if (typeof idempotencyKey === 'string' && idempotencyKey) {
				const earlier = order.refunds.find((refund) => refund.idempotencyKey === idempotencyKey);
				if (earlier) return [200, { ...publicRefund(earlier), replayed: true }];
			}
			const amount = Number(body.amount);
			if (body.amount === undefined || body.amount === null || body.amount === '' || !body.reason) {
				throw new ApiError(400, 'missing_fields', 'amount and reason are required.');
			}
			if (['pending', 'cancelled'].includes(order.status)) throw new ApiError(409, 'not_refundable', `${order.id} was never paid.`);
			const refundable = round2(order.total.amount - (order.refundedAmount ?? 0));
			if (refundable <= 0) throw new ApiError(409, 'not_refundable', `${order.id} is already fully refunded.`);
			if (!Number.isFinite(amount) || amount <= 0 || amount > refundable) {
				throw new ApiError(422, 'invalid_amount', `amount must be more than 0 and at most ${refundable}.`);
			}
			const currency = body.currency ?? order.total.currency;
			if (currency !== order.total.currency) {
				throw new ApiError(422, 'currency_mismatch', `${order.id} was paid in ${order.total.currency}, not ${currency}.`);
			}
			if (!REASONS.includes(body.reason)) throw new ApiError(422, 'invalid_reason', `reason must be one of ${REASONS.join(', ')}.`);
			const now = new Date();
			const refund = {
				id: `RF-${String(80000 + data.orders.reduce((n, o) => n + (o.refunds?.length ?? 0), 0) + 1)}`,
				orderId: order.id,
				amount: round2(amount),
				currency,
				reason: body.reason,
				...(body.comment ? { comment: String(body.comment) } : {}),
				status: 'pending',
				createdAt: now.toISOString(),
				expectedSettlementDate: isoDay(new Date(now.getTime() + 3 * DAY)),
			};
			order.refunds.push({ ...refund, ...(typeof idempotencyKey === 'string' && idempotencyKey ? { idempotencyKey } : {}) });
			order.refundedAmount = round2((order.refundedAmount ?? 0) + refund.amount);
			save(data);
			emitLater('order.refunded', refund);
			return [201, refund];
		}

		throw new ApiError(404, 'not_found', 'No such route.');
	}

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		let status;
		let payload;
		try {
			[status, payload] = await route(req, url);
		} catch (error) {
			status = error instanceof ApiError ? error.status : 500;
			payload = { error: error instanceof ApiError ? error.code : 'internal_error', message: error.message };
		}
		const apiKey = req.headers['x-api-key'];
		requests.push({ method: req.method, path: url.pathname, query: url.search, status, apiKey });
		log(`${req.method} ${url.pathname}${url.search} -> ${status}`);
		const text = payload === null ? '' : JSON.stringify(payload);
		res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
		res.end(text);
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			const actual = server.address().port;
			const url = `http://${host}:${actual}`;
			resolve({
				url,
				port: actual,
				baseUrl: `${url}/api/v1`,
				dataFile,
				requests,
				webhooks,
				close: () =>
					new Promise((done) => {
						server.closeAllConnections?.();
						server.close(() => done());
					}),
			});
		});
	});
}

module.exports = { startDemoApi, SEED_FILE };

if (require.main === module) {
	const args = process.argv.slice(2);
	const option = (name, fallback) => {
		const index = args.indexOf(name);
		return index >= 0 ? args[index + 1] : fallback;
	};
	const dataFile = path.resolve(option('--data', path.join(__dirname, '..', '..', '.n8n-demo', 'orders.json')));
	startDemoApi({ port: Number(option('--port', 5680)), dataFile, log: (line) => console.log(`[demo-api] ${line}`) }).then(
		(api) => {
			console.log(`[demo-api] Order Service on ${api.baseUrl} (data: ${dataFile}, API key: demo-order-service-key)`);
			const stop = () => api.close().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		},
		(error) => {
			console.error(`[demo-api] ${error.message}`);
			process.exit(1);
		},
	);
}
