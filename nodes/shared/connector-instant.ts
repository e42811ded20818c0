/**
 * A packaged connector's generated "<Name> Instant Trigger" (written by `gulp connectors` for live
 * connectors that declare webhooks): its one parameter is the connector's events; everything else
 * is the shared instant-trigger code (instant.ts).
 */
import type { IHookFunctions, INodeProperties, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { ConnectorDefinition } from '../../src';
import { CatalogError } from './catalog';
import { instantTarget, instantWebhookMethods, receiveDelivery } from './instant';

export function connectorInstantTriggerProperties(connector: ConnectorDefinition): INodeProperties[] {
	if (!connector.webhooks) throw new CatalogError(`Connector "${connector.key}" declares no webhooks`);
	return [
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			options: connector.webhooks.events.map((event) => ({
				name: event.name,
				value: event.value,
				...(event.description ? { description: event.description } : {}),
			})),
			default: [],
			required: true,
			description: `The ${connector.name} events that start this workflow; activating it subscribes to them`,
		},
	];
}

type NodeContext = Pick<IHookFunctions, 'getNode' | 'getNodeParameter'>;

export function connectorInstantWebhookMethods(connector: ConnectorDefinition) {
	return { default: instantWebhookMethods((context: NodeContext) => instantTarget(context, connector)) };
}

export async function connectorInstantWebhook(context: IWebhookFunctions, connector: ConnectorDefinition): Promise<IWebhookResponseData> {
	return await receiveDelivery(context, instantTarget(context, connector));
}
