/**
 * POST /rate-limits/{key}/slots: a send slot of a shared rate limit (../store/rate-slots.ts). The
 * nodes ask before each request to a connector whose `rateLimit` is `shared`, with the spacing the
 * limit means (`intervalMs`: 50 for 20 per second), and wait `waitMs` before sending. Read role:
 * the n8n credential's token may ask. Not tied to the stored connectors, so it reads no rows.
 */
import { HttpError } from '../http/errors';
import type { Route } from '../http/router';
import type { Hub } from '../hub';
import { checkQuery } from './params';

/** One hour between requests is the slowest limit a connector can say (1 per hour as per minute 1/60). */
export const MAX_INTERVAL_MS = 3_600_000;
const MAX_KEY_LENGTH = 200;

export function rateLimitRoutes(hub: Hub): Route[] {
	return [
		{
			method: 'POST',
			path: '/rate-limits/{key}/slots',
			role: 'read',
			handler: async (context) => {
				checkQuery(context.query, []);
				const { key } = context.params;
				if (!key || key.length > MAX_KEY_LENGTH) throw new HttpError(400, 'invalid-key', `The rate limit key must have 1 to ${MAX_KEY_LENGTH} characters`);
				const body = await context.body();
				const intervalMs = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).intervalMs : undefined;
				if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0 || intervalMs > MAX_INTERVAL_MS) {
					throw new HttpError(400, 'invalid-body', `The body must be { "intervalMs": <milliseconds between requests, above 0, at most ${MAX_INTERVAL_MS}> }`, {
						problems: [{ path: '/intervalMs', message: 'must be a number of milliseconds above 0' }],
					});
				}
				let waitMs: number;
				try {
					waitMs = await hub.store.slots.reserve(key, intervalMs);
				} catch (error) {
					throw new HttpError(503, 'store-unavailable', `${hub.store.description} does not answer: ${(error as Error).message}`, {}, { 'Retry-After': '5' });
				}
				return { status: 200, body: { key, intervalMs, waitMs } };
			},
		},
	];
}
