/** The Instant Trigger's option lists: connectors that declare webhooks, and a connector's events. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { connectorFor, connectorOptions } from '../shared/catalog';

/** Packaged connectors with webhooks, then the hub's (whose webhooks are known once one is chosen). */
export async function getInstantConnectors(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await connectorOptions(this, (definition) => Boolean(definition.webhooks));
}

export async function getWebhookEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const key = this.getCurrentNodeParameter('connector') as string;
	if (!key) return [];
	return ((await connectorFor(this, key)).webhooks?.events ?? []).map((event) => ({
		name: event.name,
		value: event.value,
		...(event.description ? { description: event.description } : {}),
	}));
}
