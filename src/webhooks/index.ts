/** Instant triggers: pure decisions about subscriptions and deliveries (no n8n types). */
export * from './delivery';
export * from './event-dedupe';
export * from './replay';
export * from './signature';
export * from './subscription';
