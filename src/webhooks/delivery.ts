/**
 * What to do with one delivery to an instant trigger, decided in this order:
 *   1. size       larger than maxBodyBytes                        -> 413, nothing starts
 *   (no secret)   the trigger has no signing secret yet           -> 503, nothing starts: right after
 *                 activation the subscription's secret may not be saved yet; APIs retry a 5xx
 *   2. signature  missing or wrong (over the raw bytes)           -> 401, nothing starts
 *   3. replay     timestamp missing or outside the window         -> 401, nothing starts
 *   4. parse      not JSON                                        -> 400, nothing starts
 *   5. event type not one the builder chose                       -> 200, acknowledged, nothing starts
 *   6. event id   seen within the dedupe window                   -> 200, acknowledged, nothing starts
 *   7. records    at recordsPath, one item each                   -> the workflow starts once
 * Authenticity comes before anything reads the body, and an acknowledged duplicate is answered 200
 * so the API stops retrying it. Pure: headers, bytes, secret, clock and state in; a decision out.
 */
import { valueAt } from '../execute/paginate';
import type { WebhooksDefinition } from '../definition/types';
import { type EventIdState, rememberEventId } from './event-dedupe';
import { checkTimestamp } from './replay';
import { type SignedDelivery, verifySignature } from './signature';

export type WebhookRecord = Record<string, unknown>;

export type DeliveryDecision =
	| { action: 'reject'; status: 400 | 401 | 413 | 503; message: string }
	| { action: 'ignore'; reason: string; eventIds?: EventIdState }
	| { action: 'run'; records: WebhookRecord[]; eventId?: string; eventIds?: EventIdState };

export interface DeliveryContext {
	webhooks: WebhooksDefinition;
	/** The signing secret or token (from the credential or the subscription). */
	secret: string | undefined;
	/** Event types the builder chose; empty: all. */
	chosenEvents: readonly string[];
	nowMs: number;
	/** Event ids remembered so far (workflow static data). */
	eventIds: EventIdState | undefined;
}

function recordsOf(body: unknown, recordsPath: string | undefined): WebhookRecord[] {
	const found = recordsPath ? valueAt(body, recordsPath) : body;
	const list = Array.isArray(found) ? found : found === undefined || found === null ? [] : [found];
	return list.map((record) =>
		record !== null && typeof record === 'object' && !Array.isArray(record) ? (record as WebhookRecord) : { value: record },
	);
}

function eventIdOf(webhooks: WebhooksDefinition, body: unknown, delivery: SignedDelivery): string | undefined {
	const value = webhooks.eventIdHeader ? delivery.header(webhooks.eventIdHeader) : webhooks.eventIdPath ? valueAt(body, webhooks.eventIdPath) : undefined;
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export function decideDelivery(delivery: SignedDelivery, context: DeliveryContext): DeliveryDecision {
	const { webhooks } = context;
	if (delivery.rawBody.length > webhooks.maxBodyBytes) {
		return { action: 'reject', status: 413, message: `Payload too large: ${delivery.rawBody.length} bytes, at most ${webhooks.maxBodyBytes}` };
	}
	if (webhooks.signature.type !== 'none' && !context.secret) {
		return { action: 'reject', status: 503, message: 'Service Unavailable: this trigger has no signing secret (yet); nothing was started' };
	}
	const timestamp = webhooks.timestamp ? delivery.header(webhooks.timestamp.header) : undefined;
	const signed = verifySignature(webhooks.signature, delivery, context.secret, timestamp);
	if (!signed.ok) return { action: 'reject', status: 401, message: `Unauthorized: ${signed.reason}` };
	if (webhooks.timestamp) {
		const fresh = checkTimestamp(webhooks.timestamp, timestamp, context.nowMs);
		if (!fresh.ok) return { action: 'reject', status: 401, message: `Unauthorized: ${fresh.reason}` };
	}

	let body: unknown;
	try {
		body = delivery.rawBody.length ? JSON.parse(delivery.rawBody.toString('utf8').replace(/^\uFEFF/, '')) : {};
	} catch {
		return { action: 'reject', status: 400, message: 'The payload is not JSON' };
	}

	if (webhooks.eventTypePath && context.chosenEvents.length) {
		const type = valueAt(body, webhooks.eventTypePath);
		if (typeof type !== 'string' || !context.chosenEvents.includes(type)) {
			return { action: 'ignore', reason: `event type ${JSON.stringify(type ?? null)} was not chosen` };
		}
	}

	const eventId = eventIdOf(webhooks, body, delivery);
	let eventIds = context.eventIds;
	if (eventId !== undefined) {
		const remembered = rememberEventId(context.eventIds, eventId, context.nowMs, webhooks.dedupeWindowSeconds * 1000);
		if (remembered.duplicate) return { action: 'ignore', reason: `event ${eventId} was already received`, eventIds: remembered.state };
		eventIds = remembered.state;
	}

	const records = recordsOf(body, webhooks.recordsPath);
	if (!records.length) return { action: 'ignore', reason: `no records at ${webhooks.recordsPath ?? 'the payload'}`, eventIds };
	return { action: 'run', records, ...(eventId !== undefined ? { eventId } : {}), eventIds };
}
