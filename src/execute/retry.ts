/**
 * When to try a request again, and how long to wait first. Pure: the caller sleeps.
 *
 * - Retried: the statuses of the policy (default 429, 502, 503, 504), transient network errors
 *   (connection refused or reset, timeouts, DNS hiccups) and timeouts.
 * - Only for methods that are safe to repeat: GET, PUT and DELETE; POST and PATCH only when the
 *   endpoint is declared idempotent or the request carries its declared idempotency-key header.
 * - Wait: exponential backoff from baseDelayMs, doubling per attempt, with jitter (a random point in
 *   the upper half of the window, so clients that failed together do not retry together), capped at
 *   maxDelayMs. A Retry-After header (seconds or HTTP date) on 429/503 replaces the backoff; if it
 *   asks for longer than maxDelayMs, the request is not retried and the error says so.
 */
import type { EndpointDefinition, RetryDefinition } from '../definition/types';
import type { RequestSpec } from '../request/spec';
import { getHeader } from '../request/spec';

export type RetryPolicy = RetryDefinition;

export type AttemptOutcome =
	| { kind: 'status'; status: number; retryAfterSeconds?: number }
	| { kind: 'network'; code: string };

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason?: string };

export function retryPolicy(
	connectorRetry: RetryDefinition,
	endpoint: Pick<EndpointDefinition, 'retry'>,
	maxAttemptsOverride?: number,
): RetryPolicy {
	const policy = { ...connectorRetry, ...(endpoint.retry ?? {}) };
	if (maxAttemptsOverride !== undefined && maxAttemptsOverride >= 1) policy.maxAttempts = Math.floor(maxAttemptsOverride);
	return policy;
}

export function canRepeat(spec: Pick<RequestSpec, 'method' | 'headers'>, endpoint: Pick<EndpointDefinition, 'idempotent' | 'idempotencyKeyHeader'>): boolean {
	if (spec.method === 'GET' || spec.method === 'PUT' || spec.method === 'DELETE') return true;
	if (endpoint.idempotent) return true;
	return Boolean(endpoint.idempotencyKeyHeader && getHeader(spec.headers, endpoint.idempotencyKeyHeader));
}

/** Network failures that may go away by themselves; a bad host name or a TLS error will not. */
export const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

export function isRetryable(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
	return outcome.kind === 'network' ? TRANSIENT_NETWORK_CODES.has(outcome.code) : policy.statuses.includes(outcome.status);
}

/** `attempt` is the number of the attempt that just failed, starting at 1. */
export function decideRetry(
	policy: RetryPolicy,
	attempt: number,
	outcome: AttemptOutcome,
	repeatable: boolean,
	random: () => number = Math.random,
): RetryDecision {
	if (!isRetryable(policy, outcome)) return { retry: false };
	if (!repeatable) return { retry: false, reason: 'not retried: the method is not idempotent' };
	if (attempt >= policy.maxAttempts) return { retry: false };
	if (outcome.kind === 'status' && outcome.retryAfterSeconds !== undefined) {
		const wait = Math.ceil(outcome.retryAfterSeconds * 1000);
		if (wait > policy.maxDelayMs) {
			return { retry: false, reason: `the API asks to wait ${outcome.retryAfterSeconds} s, longer than the retry limit of ${policy.maxDelayMs / 1000} s` };
		}
		return { retry: true, delayMs: wait };
	}
	const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return { retry: true, delayMs: Math.round(window / 2 + random() * (window / 2)) };
}
