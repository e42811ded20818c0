/**
 * The subscription an instant trigger keeps at the API: the inputs of the subscribe, unsubscribe
 * and check endpoints, and what the subscribe response tells. Pure; the node sends the calls.
 */
import { valueAt } from '../execute/paginate';
import type { WebhooksDefinition } from '../definition/types';

/** What the trigger remembers (workflow static data) between activation and deactivation. */
export interface Subscription {
	id: string;
	/** The n8n webhook URL it was created for (production or test). */
	url: string;
	events: string[];
	/** The signing secret the API returned, when the connector reads it from the subscription. */
	secret?: string;
}

export class SubscriptionError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SubscriptionError';
	}
}

export function subscribeInputs(webhooks: WebhooksDefinition, url: string, events: readonly string[]): Record<string, unknown> {
	return {
		[webhooks.subscribe.urlInput]: url,
		...(webhooks.subscribe.eventsInput ? { [webhooks.subscribe.eventsInput]: [...events] } : {}),
	};
}

/** The subscription described by a subscribe response; an error names what is missing. */
export function subscriptionFrom(webhooks: WebhooksDefinition, body: unknown, url: string, events: readonly string[]): Subscription {
	const id = valueAt(body, webhooks.subscribe.idPath);
	if (typeof id !== 'string' && typeof id !== 'number') {
		throw new SubscriptionError(`The subscribe response has no subscription id at "${webhooks.subscribe.idPath}"`);
	}
	const subscription: Subscription = { id: String(id), url, events: [...events] };
	if (webhooks.subscribe.secretPath) {
		const secret = valueAt(body, webhooks.subscribe.secretPath);
		if (typeof secret !== 'string' || !secret) {
			throw new SubscriptionError(`The subscribe response has no signing secret at "${webhooks.subscribe.secretPath}"`);
		}
		subscription.secret = secret;
	}
	return subscription;
}

/** Whether a remembered subscription still serves this URL and these events (else it is replaced). */
export function subscriptionMatches(subscription: Subscription | undefined, url: string, events: readonly string[]): subscription is Subscription {
	if (!subscription?.id || subscription.url !== url) return false;
	const wanted = [...events].sort();
	const have = [...subscription.events].sort();
	return wanted.length === have.length && wanted.every((event, index) => event === have[index]);
}
