/**
 * Shared rate limits: send slots handed out per key (a connector), spaced `intervalMs` apart, so
 * that every n8n process asking the hub (queue-mode workers, several mains) together stays within
 * the connector's rate. A caller reserves the next free slot and waits until it comes; the hub never
 * holds a request open.
 *
 *   memorySlots     one hub process (the folder store: one instance per folder)
 *   postgresSlots   every hub instance on one database: one row per key, updated atomically with the
 *                   database's clock, so instances with drifting clocks still agree
 */
import type { Pool } from 'pg';

export interface RateSlots {
	/** Reserves the next slot for `key`, at least `intervalMs` after the previous one; resolves to the wait in ms (0: now). */
	reserve(key: string, intervalMs: number): Promise<number>;
}

export function memorySlots(now: () => number = Date.now): RateSlots {
	const next = new Map<string, number>();
	return {
		async reserve(key, intervalMs) {
			const at = now();
			const slot = Math.max(at, next.get(key) ?? 0);
			next.set(key, slot + intervalMs);
			return slot - at;
		},
	};
}

export const RATE_SLOTS_SCHEMA = `CREATE TABLE IF NOT EXISTS data_connector_rate_slots (
	key text PRIMARY KEY,
	next_at double precision NOT NULL
)`;

/**
 * One statement: the row is locked by the upsert, so concurrent reservations (any instance) queue
 * on it and each gets its own slot. Times are milliseconds of the database's clock.
 */
const RESERVE = `WITH clock AS (SELECT extract(epoch FROM clock_timestamp())::float8 * 1000 AS now)
INSERT INTO data_connector_rate_slots AS slots (key, next_at)
SELECT $1, clock.now + $2::float8 FROM clock
ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(slots.next_at, EXCLUDED.next_at - $2::float8) + $2::float8
RETURNING slots.next_at - $2::float8 - (SELECT now FROM clock) AS wait`;

export function postgresSlots(pool: Pool): RateSlots {
	return {
		async reserve(key, intervalMs) {
			const result = await pool.query<{ wait: number }>(RESERVE, [key, intervalMs]);
			return Math.max(0, Math.ceil(Number(result.rows[0].wait)));
		},
	};
}
