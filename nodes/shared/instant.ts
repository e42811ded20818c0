/**
 * Instant triggers: what the Data Connector Instant Trigger and the generated "<Name> Instant
 * Trigger" nodes share. They use n8n's webhook lifecycle, as n8n's own Stripe or GitHub triggers do:
 *
 *   checkExists  on activation (and "Listen for test event"): is our subscription still there?
 *   create       subscribe with n8n's webhook URL (the test URL in the editor) and the chosen events;
 *                the subscription id (and a signing secret the API returned) go to the node's
 *                workflow static data
 *   delete       on deactivation (and after a test event): unsubscribe, forget the subscription
 *   webhook      each delivery: size, signature, replay window, event type, duplicate (see
 *                src/webhooks/delivery.ts); a refused delivery is answered 401/413/400/503 and starts
 *                nothing, an accepted one starts the workflow with the records as items
 *
 * The subscribe, check and unsubscribe calls are endpoints of the connector, sent through the same
 * pipeline as every other call (credential, base URL override, retries, masked errors).
 */
import {
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeOperationError,
} from 'n8n-workflow';
import type { ConnectorDefinition, EndpointDefinition, WebhooksDefinition } from '../../src';
import { Redactor } from '../../src';
import { connectorDefaults, credentialTypeFor, withConnectorDefaults } from '../../credentials/shared';
import {
	decideDelivery,
	type EventIdState,
	type Subscription,
	SubscriptionError,
	subscribeInputs,
	subscriptionFrom,
	subscriptionMatches,
} from '../../src/webhooks';
import { asExecuteContext, type ItemlessContext } from './context';
import { findEndpoint } from './catalog';
import { toNodeError } from './execute';
import { fetchRecords, RateLimiters } from './fetch';
import { addCredentialSecrets, planEndpointItem } from './plan';
import type { CredentialUse } from './send';

/**
 * One webhook per node: POST to `<base>/webhook/<node webhookId>/webhook`, answered at once. An
 * accepted delivery gets an empty 200 (`noData`); without it n8n 2.41 answers the text "firstEntryJson".
 */
export const INSTANT_WEBHOOKS: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' },
];

/** What an instant trigger node is set to: the connector and the event types chosen. */
export interface InstantTarget {
	connector: ConnectorDefinition;
	webhooks: WebhooksDefinition;
	events: string[];
}

interface InstantState {
	subscription?: Subscription;
	eventIds?: EventIdState;
}

type NodeContext = Pick<IHookFunctions, 'getNode' | 'getNodeParameter'>;

/** The connector's webhooks section, or an error that says the connector has none. */
export function instantTarget(context: NodeContext, connector: ConnectorDefinition): InstantTarget {
	if (!connector.webhooks) {
		throw new NodeOperationError(context.getNode(), `Connector "${connector.name}" declares no webhooks, so it cannot trigger instantly`, {
			description: 'Choose a connector that declares a "webhooks" section, or use the polling Data Connector Trigger.',
		});
	}
	const offered = new Set(connector.webhooks.events.map((event) => event.value));
	const events = (context.getNodeParameter('events', []) as string[]).filter((event) => typeof event === 'string');
	const unknown = events.filter((event) => !offered.has(event));
	if (unknown.length) {
		throw new NodeOperationError(context.getNode(), `Connector "${connector.name}" offers no event ${unknown.map((e) => `"${e}"`).join(', ')}`, {
			description: `Its events are ${[...offered].join(', ')}.`,
		});
	}
	return { connector, webhooks: connector.webhooks, events };
}

function stateOf(context: Pick<IHookFunctions, 'getWorkflowStaticData'>): IDataObject & InstantState {
	return context.getWorkflowStaticData('node') as IDataObject & InstantState;
}

function webhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL');
	return url;
}

const GONE = new Set([404, 410]);

/** One call of a subscription endpoint, answered with its status and parsed body (errors are statuses). */
async function callEndpoint(
	context: IHookFunctions,
	connector: ConnectorDefinition,
	endpoint: EndpointDefinition,
	inputs: IDataObject,
	secrets: string[] = [],
): Promise<{ status: number; body: unknown }> {
	const view = asExecuteContext(context as unknown as ItemlessContext);
	let redactor = new Redactor(secrets);
	try {
		const plan = await planEndpointItem(view, 0, { json: {} }, connector, endpoint, () => inputs);
		redactor = new Redactor([...secrets, ...plan.built.secrets]);
		const options = { fullResponse: true, neverError: true, maxRecords: 0 };
		const [response] = await fetchRecords(view, 0, plan, options, new RateLimiters());
		return { status: Number(response.status), body: response.body };
	} catch (error) {
		throw toNodeError(view, error, 0, redactor);
	}
}

function failed(context: IHookFunctions, what: string, connector: ConnectorDefinition, status: number, body: unknown, secrets: string[]): NodeOperationError {
	const redactor = new Redactor(secrets);
	const detail = redactor.text(typeof body === 'string' ? body : JSON.stringify(body ?? null)).slice(0, 300);
	return new NodeOperationError(context.getNode(), `${connector.name} refused to ${what} (status ${status})`, {
		description: `The API answered: ${detail}`,
	});
}

async function unsubscribe(context: IHookFunctions, target: InstantTarget, subscription: Subscription): Promise<boolean> {
	const { connector, webhooks } = target;
	const endpoint = findEndpoint(connector, webhooks.unsubscribe.endpoint);
	const secrets = subscription.secret ? [subscription.secret] : [];
	const { status } = await callEndpoint(context, connector, endpoint, { [webhooks.unsubscribe.idInput]: subscription.id }, secrets);
	return (status >= 200 && status < 300) || GONE.has(status);
}

/** The webhook lifecycle methods of an instant trigger, for `webhookMethods.default`. */
export function instantWebhookMethods(resolve: (context: IHookFunctions) => InstantTarget | Promise<InstantTarget>) {
	return {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			const target = await resolve(this);
			const state = stateOf(this);
			const subscription = state.subscription;
			if (!subscription) return false;
			if (!subscriptionMatches(subscription, webhookUrl(this), target.events)) {
				// Made for another URL or other events: replace it rather than leave it behind.
				await unsubscribe(this, target, subscription).catch(() => false);
				delete state.subscription;
				return false;
			}
			const check = target.webhooks.check;
			if (!check) return true;
			const secrets = subscription.secret ? [subscription.secret] : [];
			const endpoint = findEndpoint(target.connector, check.endpoint);
			const { status, body } = await callEndpoint(this, target.connector, endpoint, { [check.idInput]: subscription.id }, secrets);
			if (status >= 200 && status < 300) return true;
			if (GONE.has(status)) {
				delete state.subscription;
				return false;
			}
			throw failed(this, 'read the webhook subscription', target.connector, status, body, secrets);
		},

		async create(this: IHookFunctions): Promise<boolean> {
			const target = await resolve(this);
			if (!target.events.length) {
				throw new NodeOperationError(this.getNode(), 'Choose at least one event to subscribe to', {
					description: `Under "Events", pick the ${target.connector.name} events that should start this workflow.`,
				});
			}
			const url = webhookUrl(this);
			const endpoint = findEndpoint(target.connector, target.webhooks.subscribe.endpoint);
			const { status, body } = await callEndpoint(this, target.connector, endpoint, subscribeInputs(target.webhooks, url, target.events) as IDataObject);
			const secretPath = target.webhooks.subscribe.secretPath;
			if (status < 200 || status >= 300) throw failed(this, 'create the webhook subscription', target.connector, status, body, []);
			try {
				stateOf(this).subscription = subscriptionFrom(target.webhooks, body, url, target.events);
			} catch (error) {
				// subscriptionFrom only throws SubscriptionError: what the response lacks.
				throw new NodeOperationError(this.getNode(), (error as SubscriptionError).message, {
					description: `Check "webhooks.subscribe.idPath"${secretPath ? ' and "secretPath"' : ''} of the connector against the API's answer.`,
				});
			}
			return true;
		},

		async delete(this: IHookFunctions): Promise<boolean> {
			const state = stateOf(this);
			const subscription = state.subscription;
			if (!subscription) return true;
			const removed = await unsubscribe(this, await resolve(this), subscription);
			// A failed unsubscribe keeps the id, so that a later deactivation can try again.
			if (removed) delete state.subscription;
			return removed;
		},
	};
}

/** The connector's credential for this node, if it has one (a delivery may come before one is chosen). */
async function credentialOf(context: IWebhookFunctions, connector: ConnectorDefinition): Promise<CredentialUse | undefined> {
	const type = credentialTypeFor(connector.auth.type);
	if (!type) return undefined;
	try {
		const stored = await context.getCredentials(type);
		const defaults = connectorDefaults(connector.auth);
		return { type, name: type, data: withConnectorDefaults(stored, defaults), stored, defaults };
	} catch {
		return undefined;
	}
}

/** The signing secret: from the credential's Webhook Secret field, or the one the subscription returned. */
function signingSecret(target: InstantTarget, state: InstantState, credential: CredentialUse | undefined): string | undefined {
	const signature = target.webhooks.signature;
	if (signature.type === 'none') return undefined;
	if (signature.secret === 'subscription') return state.subscription?.secret;
	const secret = credential?.data.webhookSecret;
	return typeof secret === 'string' && secret ? secret : undefined;
}

function headerReader(headers: IDataObject | NodeJS.Dict<string | string[]>) {
	return (name: string): string | undefined => {
		const value = headers[name.toLowerCase()];
		return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
	};
}

/**
 * Event ids seen by this n8n process, per trigger, beside the copy in the workflow's static data.
 * n8n hands a webhook the static data as stored when the request arrived and saves it only after
 * the execution the event starts has finished, so a duplicate that arrives while the first
 * execution still runs (APIs retry quickly) would not see the first id there. The process memory
 * sees it at once; static data keeps ids across restarts. Bounded: one list per trigger, capped by
 * the same window and cap as the stored one.
 */
const recentEventIds = new Map<string, EventIdState>();

function triggerKey(context: IWebhookFunctions): string {
	const node = context.getNode();
	// The webhook id is unique per trigger node (n8n builds the node's URL from it).
	return `${context.getWorkflow().id ?? ''}\u0000${node.webhookId ?? node.id ?? node.name}`;
}

/** Both lists of [id, first seen], each id once (earliest sighting), oldest first. */
export function unionOfSeen(stored: EventIdState | undefined, memory: EventIdState | undefined): EventIdState | undefined {
	if (!memory) return stored;
	if (!stored) return memory;
	const first = new Map<string, number>();
	for (const [id, at] of [...stored.seen, ...memory.seen]) {
		const known = first.get(id);
		if (known === undefined || at < known) first.set(id, at);
	}
	return { seen: [...first].sort((a, b) => a[1] - b[1]) };
}

/** One delivery: refused (status, no execution), acknowledged (no execution) or run (records as items). */
export async function receiveDelivery(context: IWebhookFunctions, target: InstantTarget): Promise<IWebhookResponseData> {
	const request = context.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer | string };
	// n8n keeps the bytes it received; signatures are over those, never over re-serialized JSON.
	const rawBody = Buffer.isBuffer(request.rawBody)
		? request.rawBody
		: Buffer.from(typeof request.rawBody === 'string' ? request.rawBody : JSON.stringify(context.getBodyData() ?? {}));
	const state = stateOf(context);
	const credential = await credentialOf(context, target.connector);
	const secret = signingSecret(target, state, credential);
	const memoryKey = triggerKey(context);
	const decision = decideDelivery(
		{ rawBody, header: headerReader(context.getHeaderData()) },
		{
			webhooks: target.webhooks,
			secret,
			chosenEvents: target.events,
			nowMs: Date.now(),
			eventIds: unionOfSeen(state.eventIds, recentEventIds.get(memoryKey)),
		},
	);
	if (decision.action === 'reject') {
		context.getResponseObject().status(decision.status).json({ message: decision.message });
		return { noWebhookResponse: true };
	}
	if (decision.eventIds) {
		state.eventIds = decision.eventIds;
		recentEventIds.set(memoryKey, decision.eventIds);
	}
	// n8n answers it with an empty 200 (responseData "noData"); the reason is for tests and logs.
	if (decision.action === 'ignore') return { webhookResponse: { received: true, started: false, reason: decision.reason } };
	// Secrets are masked in items as everywhere: an API that echoes a key or the signing secret.
	const redactor = addCredentialSecrets(new Redactor(secret ? [secret] : []), credential);
	const items: INodeExecutionData[] = decision.records.map((record) => ({ json: record as IDataObject }));
	return { workflowData: [redactor.items(items)] };
}
