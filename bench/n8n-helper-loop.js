/**
 * n8n's request helper alone: the refund requests of the per-item table sent with the function
 * behind a node's `helpers.httpRequest` (`httpRequest` of @n8n/backend-network, taken from the n8n
 * install the bench runs), on n8n's own Node, with no node, no workflow engine and no database.
 * Whatever a node adds, it cannot cost less than this: the row shows the floor n8n's HTTP stack
 * sets for any node that sends through it (docs/performance.md).
 *
 * Run by bench/n8n-helper.ts: `node n8n-helper-loop.js <n8n install folder> <concurrency>` with
 * `{ baseUrl, apiKey, items }` as JSON on stdin; prints `{ ms, cpuMs }` of the measured loop (after
 * a warm-up of 50 requests that loads and compiles the helper).
 */
const path = require('path');

const [n8nDir, concurrencyText] = process.argv.slice(2);
const { httpRequest } = require(path.join(n8nDir, 'node_modules', '@n8n', 'backend-network', 'dist', 'http', 'axios', 'request.js'));

function refund(baseUrl, apiKey, item) {
	return httpRequest({
		url: `${baseUrl}/orders/${encodeURIComponent(item.orderId)}/refunds`,
		method: 'POST',
		headers: { Accept: 'application/json', 'Idempotency-Key': item.idempotencyKey, 'X-API-Key': apiKey },
		body: { amount: item.amount, currency: item.currency, reason: item.reason, comment: item.comment },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	}).then((response) => {
		if (response.statusCode !== 201) throw new Error(`${item.orderId}: HTTP ${response.statusCode}`);
	});
}

async function loop(baseUrl, apiKey, items, concurrency) {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await refund(baseUrl, apiKey, items[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
	const { baseUrl, apiKey, items, warmUp } = JSON.parse(input);
	const concurrency = Number(concurrencyText);
	await loop(baseUrl, apiKey, warmUp, concurrency);
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	await loop(baseUrl, apiKey, items, concurrency);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const used = process.cpuUsage(cpu);
	process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000 }));
});
