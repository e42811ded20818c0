/**
 * The baseline: the same refund requests sent with plain http.request, no n8n and no runtime.
 * `connection` chooses how sockets are used:
 *   'keep-alive'  one agent with keepAlive for the whole loop: connections are reused
 *   'new'         a new agent per request, as n8n's HTTP helper does: a new TCP connection each time
 */
import { Agent, request } from 'node:http';

export type ConnectionMode = 'keep-alive' | 'new';

export interface RefundItem {
	orderId: string;
	amount: number;
	currency: string;
	reason: string;
	comment: string;
	idempotencyKey: string;
}

export function refundItems(count: number): RefundItem[] {
	return Array.from({ length: count }, (_, index) => ({
		orderId: `ORD-2024-${String(index + 1).padStart(6, '0')}`,
		amount: ((index % 400) + 1) / 4,
		currency: 'EUR',
		reason: 'damaged',
		comment: `Ticket #${48_000 + index}`,
		idempotencyKey: `ticket-${48_000 + index}`,
	}));
}

function post(url: URL, body: string, headers: Record<string, string>, agent: Agent): Promise<number> {
	return new Promise((resolve, reject) => {
		const outgoing = request(
			url,
			{ method: 'POST', agent, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					JSON.parse(Buffer.concat(chunks).toString('utf8'));
					resolve(response.statusCode ?? 0);
				});
				response.on('error', reject);
			},
		);
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}

/** Sends one refund per item, `concurrency` at a time; rejects on any status other than 201. */
export async function rawRefundLoop(
	baseUrl: string,
	apiKey: string,
	items: RefundItem[],
	concurrency: number,
	connection: ConnectionMode,
): Promise<void> {
	const shared = new Agent({ keepAlive: true, maxSockets: concurrency });
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const item = items[next++];
			const url = new URL(`${baseUrl}/orders/${encodeURIComponent(item.orderId)}/refunds`);
			const body = JSON.stringify({ amount: item.amount, currency: item.currency, reason: item.reason, comment: item.comment });
			const headers = {
				Accept: 'application/json',
				'Content-Type': 'application/json',
				'Idempotency-Key': item.idempotencyKey,
				'X-API-Key': apiKey,
			};
			const agent = connection === 'keep-alive' ? shared : new Agent();
			const status = await post(url, body, headers, agent);
			if (connection === 'new') agent.destroy();
			if (status !== 201) throw new Error(`raw request for ${item.orderId}: HTTP ${status}`);
		}
	};
	try {
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	} finally {
		shared.destroy();
	}
}
