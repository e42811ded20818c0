/**
 * The `webhooks` section of a connector: how an API that pushes events is subscribed to when a
 * workflow is activated, unsubscribed from when it is deactivated, and how each delivery is checked
 * (signature, replay window, duplicates) before it starts an execution. Part of the one connector
 * schema (schema.ts); kept in its own file because it is a feature of its own.
 */
import { z } from 'zod/v4';
import { headerName, key, nonEmpty } from './primitives';

const dotPath = nonEmpty.describe('Dot path into the JSON body, e.g. "data.id".');
const header = headerName.describe('HTTP header name, matched case-insensitively.');

export const WEBHOOK_SECRET_SOURCES = ['credential', 'subscription'] as const;
const secretSource = z
	.enum(WEBHOOK_SECRET_SOURCES)
	.default('credential')
	.describe(
		'Where the secret comes from: "credential" (the Webhook Secret field of the connector\'s n8n credential) or "subscription" (the subscribe response, at subscribe.secretPath).',
	);

export const webhookEventSchema = z
	.strictObject({
		name: nonEmpty.describe('Label shown to builders, e.g. "Order Shipped".'),
		value: nonEmpty.describe('The event type the API knows, e.g. "order.shipped".'),
		description: z.string().optional(),
	})
	.describe('One event type a builder can subscribe to.');

export const webhookSignatureSchema = z
	.discriminatedUnion('type', [
		z.strictObject({
			type: z.literal('hmac'),
			algorithm: z.enum(['sha256', 'sha1']).default('sha256').describe('HMAC hash function.'),
			header: header.describe('Header carrying the signature, e.g. "X-Signature-256".'),
			encoding: z.enum(['hex', 'base64']).default('hex').describe('How the signature is written in the header.'),
			prefix: z.string().default('').describe('Text before the signature in the header, e.g. "sha256=".'),
			signedContent: z
				.enum(['body', 'timestamp.body'])
				.default('body')
				.describe('What is signed: the raw body, or "<timestamp>.<raw body>" with the value of the timestamp header.'),
			secret: secretSource,
		}),
		z.strictObject({
			type: z.literal('token'),
			header: header.describe('Header carrying the shared token, e.g. "X-Webhook-Token".'),
			secret: secretSource,
		}),
		z.strictObject({
			type: z.literal('none'),
		}),
	])
	.describe('How a delivery proves it comes from the API. "none" accepts any caller that knows the URL: declare it explicitly.');

export const webhookTimestampSchema = z
	.strictObject({
		header: header.describe('Header carrying when the event was sent, e.g. "X-Timestamp".'),
		format: z
			.enum(['unixSeconds', 'unixMillis', 'iso'])
			.default('unixSeconds')
			.describe('How the time is written: seconds or milliseconds since 1970, or an ISO 8601 date.'),
		toleranceSeconds: z
			.number()
			.int()
			.min(1)
			.max(86400)
			.default(300)
			.describe('Replay window: a delivery older or newer than this is refused (401).'),
	})
	.describe('Refuses replayed deliveries: the timestamp must be within the window of n8n\'s clock.');

const subscribeSchema = z
	.strictObject({
		endpoint: key.describe('Key of the endpoint that creates a subscription (called when a workflow is activated).'),
		urlInput: key.default('url').describe('The endpoint input that receives n8n\'s webhook URL.'),
		eventsInput: key
			.optional()
			.describe('The endpoint input that receives the chosen event types (an array of their values).'),
		idPath: dotPath.describe('Where the subscribe response holds the subscription id, e.g. "id".'),
		secretPath: dotPath
			.optional()
			.describe('Where the subscribe response holds the signing secret (for signature.secret "subscription").'),
	})
	.describe('Creating a subscription.');

const subscriptionCallSchema = (what: string) =>
	z
		.strictObject({
			endpoint: key.describe(`Key of the endpoint that ${what}.`),
			idInput: key.default('id').describe('The endpoint input that receives the subscription id.'),
		})
		.describe(what);

export const webhooksSchema = z
	.strictObject({
		events: z.array(webhookEventSchema).min(1, 'must list at least one event type').describe('Event types builders choose from.'),
		eventTypePath: dotPath
			.optional()
			.describe('Where a delivery says its event type; deliveries of types the builder did not choose are acknowledged and start nothing.'),
		subscribe: subscribeSchema,
		unsubscribe: subscriptionCallSchema('deletes the subscription (called when a workflow is deactivated; 404 counts as deleted)'),
		check: subscriptionCallSchema('reads the subscription (2xx: it exists; 404 or 410: it is gone and is created again)').optional(),
		signature: webhookSignatureSchema,
		timestamp: webhookTimestampSchema.optional(),
		recordsPath: dotPath
			.optional()
			.describe('Where the records are in a delivery, e.g. "data.items": an array gives one item per element. Empty: the whole body is one item.'),
		eventIdPath: dotPath.optional().describe('Where a delivery holds its unique event id, e.g. "id"; a repeated id starts no second execution.'),
		eventIdHeader: header.optional().describe('Header holding the unique event id, instead of eventIdPath.'),
		dedupeWindowSeconds: z
			.number()
			.int()
			.min(1)
			.max(30 * 86400)
			.default(86400)
			.describe('How long an event id is remembered; the same id within this window starts no second execution.'),
		maxBodyBytes: z
			.number()
			.int()
			.min(1024)
			.max(16 * 1024 * 1024)
			.default(1024 * 1024)
			.describe('Largest delivery accepted, in bytes; a larger one is answered 413 and starts nothing.'),
	})
	.refine((webhooks) => !(webhooks.eventIdPath && webhooks.eventIdHeader), 'declare eventIdPath or eventIdHeader, not both')
	.describe('Instant triggers: the API pushes events to n8n. Subscribe on activation, unsubscribe on deactivation, verify each delivery.');
