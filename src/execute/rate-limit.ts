/**
 * A connector's rate limit, shared by every item of one node execution. Requests are spaced evenly:
 * with 5 per second, one every 200 ms; with 100 per minute, one every 600 ms; with both, the
 * stricter spacing. Even spacing never exceeds either limit in any window, and avoids the bursts
 * that make APIs answer 429.
 */
import type { RateLimitDefinition } from '../definition/types';

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/** The spacing a limit means, in ms (the stricter of per second and per minute); 0 without a limit. */
export function intervalOf(limit: RateLimitDefinition | undefined): number {
	if (!limit) return 0;
	return Math.max(limit.requestsPerSecond ? 1000 / limit.requestsPerSecond : 0, limit.requestsPerMinute ? 60000 / limit.requestsPerMinute : 0);
}

/**
 * Room a shared limit leaves in each window for the time between the hub's slot and the request's
 * arrival at the API (network, busy processes): with even spacing, N + 1 slots must span more than
 * the window plus this, or a request delayed more than the next one puts N + 1 into one window of
 * the API's clock. Measured on a loaded 2-core machine (npm run test:scale): plain spacing at 20/s
 * let 22 arrive in one second.
 */
export const SHARED_JITTER_MS = 200;

/** The spacing of a shared limit (rateLimit.shared): the window plus SHARED_JITTER_MS, per request. */
export function sharedIntervalOf(limit: RateLimitDefinition | undefined): number {
	if (!limit) return 0;
	return Math.max(
		limit.requestsPerSecond ? (1000 + SHARED_JITTER_MS) / limit.requestsPerSecond : 0,
		limit.requestsPerMinute ? (60000 + SHARED_JITTER_MS) / limit.requestsPerMinute : 0,
	);
}

export class RateLimiter {
	private next = 0;

	constructor(
		readonly intervalMs: number,
		private readonly clock: Clock,
	) {}

	static for(limit: RateLimitDefinition | undefined, clock: Clock): RateLimiter | undefined {
		const interval = intervalOf(limit);
		return interval > 0 ? new RateLimiter(interval, clock) : undefined;
	}

	/** Resolves when the caller may send; slots are handed out in call order. */
	async acquire(): Promise<void> {
		const now = this.clock.now();
		const slot = Math.max(now, this.next);
		this.next = slot + this.intervalMs;
		if (slot > now) await this.clock.sleep(slot - now);
	}
}
