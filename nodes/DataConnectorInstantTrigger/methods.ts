/** The Instant Trigger's option lists: connectors that declare webhooks, and a connector's events. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { catalogEntries, findConnector } from '../shared/catalog';

export async function getInstantConnectors(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return catalogEntries()
		.filter((entry) => entry.definition?.webhooks)
		.map((entry) => {
			const definition = entry.definition!;
			const tags = [definition.status === 'draft' ? 'Draft' : '', entry.source === 'registry' ? 'Registry' : ''].filter(Boolean);
			return {
				name: tags.length ? `${definition.name} (${tags.join(', ')})` : definition.name,
				value: definition.key,
				description: definition.description,
			};
		});
}

export async function getWebhookEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const key = this.getCurrentNodeParameter('connector') as string;
	if (!key) return [];
	return (findConnector(key).webhooks?.events ?? []).map((event) => ({
		name: event.name,
		value: event.value,
		...(event.description ? { description: event.description } : {}),
	}));
}
