/* global URL */
/**
 * A small event API on 127.0.0.1 for the scale test's polling trigger (X-API-Key: scale-key):
 *
 *   GET  /events          every event, newest first (the trigger stops at the first one it has seen)
 *   POST /sink            what a workflow reports back: { eventId, worker }; kept in `received`
 *   GET  /batch           ten numbered items, for workflows that need several items
 *   GET  /limited/:mode/:tag   recorded in `hits` with its mode ("local", "shared"), tag and the
 *                        1-second window it arrived in, for the rate checks
 *
 * `add(count)` appends events with increasing ids.
 */
const http = require('http');

const API_KEY = 'scale-key';

function startFeed() {
	const events = [];
	const received = [];
	const hits = [];
	let next = 1;
	const json = (res, status, body) => {
		res.writeHead(status, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify(body));
	};
	const server = http.createServer((req, res) => {
		if (req.headers['x-api-key'] !== API_KEY) return json(res, 401, { error: 'unauthorized' });
		const url = new URL(req.url, 'http://127.0.0.1');
		if (req.method === 'GET' && url.pathname === '/events') return json(res, 200, [...events].reverse());
		if (req.method === 'GET' && url.pathname === '/batch') return json(res, 200, Array.from({ length: 10 }, (_, index) => ({ n: index + 1 })));
		const limited = /^\/limited\/(local|shared)\/([^/]+)$/.exec(url.pathname);
		if (req.method === 'GET' && limited) {
			const hit = { mode: limited[1], tag: decodeURIComponent(limited[2]), second: Math.floor(Date.now() / 1000) };
			hits.push(hit);
			return json(res, 200, hit);
		}
		if (req.method === 'POST' && url.pathname === '/sink') {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				try {
					received.push(JSON.parse(body));
					json(res, 201, { ok: true });
				} catch {
					json(res, 400, { error: 'not JSON' });
				}
			});
			return;
		}
		json(res, 404, { error: 'not found' });
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const url = `http://127.0.0.1:${server.address().port}`;
			resolve({
				url,
				apiKey: API_KEY,
				events,
				received,
				hits,
				add(count) {
					const added = [];
					for (let index = 0; index < count; index++) added.push({ id: `EV-${String(next++).padStart(4, '0')}`, title: `event ${next - 1}` });
					events.push(...added);
					return added;
				},
				close: () =>
					new Promise((done) => {
						server.closeAllConnections?.();
						server.close(() => done());
					}),
			});
		});
	});
}

module.exports = { startFeed };
