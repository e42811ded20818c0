/**
 * Types derived from the one schema: `ConnectorDefinition` is the normalized shape (defaults
 * filled in) that the rest of the runtime trusts; `ConnectorDefinitionInput` is what a file may say.
 */
import type { z } from 'zod/v4';
import type {
	authSchema,
	bodySchema,
	connectorSchema,
	endpointSchema,
	headerSchema,
	inputSchema,
	queryParamSchema,
	paginationSchema,
	pollSchema,
	rateLimitSchema,
	responseSchema,
	retrySchema,
} from './schema';
import type { optionsFromSchema } from './options-from';
import type { webhookEventSchema, webhookSignatureSchema, webhooksSchema, webhookTimestampSchema } from './webhooks';

export type ConnectorDefinition = z.output<typeof connectorSchema>;
export type ConnectorDefinitionInput = z.input<typeof connectorSchema>;
export type EndpointDefinition = z.output<typeof endpointSchema>;
export type InputDefinition = z.output<typeof inputSchema>;
export type HeaderDefinition = z.output<typeof headerSchema>;
export type QueryParamDefinition = z.output<typeof queryParamSchema>;
export type BodyDefinition = z.output<typeof bodySchema>;
export type ResponseDefinition = z.output<typeof responseSchema>;
export type AuthDefinition = z.output<typeof authSchema>;
export type AuthType = AuthDefinition['type'];
export type PaginationDefinition = z.output<typeof paginationSchema>;
export type RetryDefinition = z.output<typeof retrySchema>;
export type RateLimitDefinition = z.output<typeof rateLimitSchema>;
export type PollDefinition = z.output<typeof pollSchema>;
export type OptionsFromDefinition = z.output<typeof optionsFromSchema>;
export type WebhooksDefinition = z.output<typeof webhooksSchema>;
export type WebhookEventDefinition = z.output<typeof webhookEventSchema>;
export type WebhookSignatureDefinition = z.output<typeof webhookSignatureSchema>;
export type WebhookTimestampDefinition = z.output<typeof webhookTimestampSchema>;
