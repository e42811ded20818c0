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
