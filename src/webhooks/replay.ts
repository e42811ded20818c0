/**
 * Refusing replayed deliveries: the timestamp header must be within the replay window of `now`
 * (both ways, so a clock slightly ahead is tolerated and a far-future stamp is not). Pure: the
 * caller passes the clock.
 */
import type { WebhookTimestampDefinition } from '../definition/types';
import type { Verdict } from './signature';

/** The instant a timestamp header names, in ms since 1970; undefined when it is not one. */
export function parseTimestamp(value: string, format: WebhookTimestampDefinition['format']): number | undefined {
	const text = value.trim();
	if (format === 'iso') {
		if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
		const ms = Date.parse(text);
		return Number.isNaN(ms) ? undefined : ms;
	}
	if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
	const number = Number(text);
	return format === 'unixSeconds' ? number * 1000 : number;
}

export function checkTimestamp(rule: WebhookTimestampDefinition, value: string | undefined, nowMs: number): Verdict {
	if (!value?.trim()) return { ok: false, reason: `the ${rule.header} header is missing` };
	const sentAt = parseTimestamp(value, rule.format);
	if (sentAt === undefined) return { ok: false, reason: `the ${rule.header} header is not a ${rule.format} timestamp` };
	if (Math.abs(nowMs - sentAt) > rule.toleranceSeconds * 1000) {
		return { ok: false, reason: `the ${rule.header} timestamp is outside the replay window of ${rule.toleranceSeconds} s` };
	}
	return { ok: true };
}
