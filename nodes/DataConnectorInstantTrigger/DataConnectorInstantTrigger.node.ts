import {
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
} from 'n8n-workflow';
import { triggerCredentials } from '../DataConnector/description';
import { connectorFor, packagedCatalog } from '../shared/catalog';
import { INSTANT_WEBHOOKS, instantTarget, instantWebhookMethods, receiveDelivery } from '../shared/instant';
import { instantTriggerProperties } from './description';
import { getInstantConnectors, getWebhookEvents } from './methods';

const target = async (context: IHookFunctions | IWebhookFunctions) =>
	instantTarget(context, await connectorFor(context, context.getNodeParameter('connector') as string));

/**
 * Starts the workflow the moment a connector's API pushes an event: activation subscribes, each
 * verified delivery runs the workflow with its records as items, deactivation unsubscribes.
 * A node type of its own beside the polling Data Connector Trigger, because n8n decides from the
 * node type (not a parameter) whether a trigger polls or listens.
 */
export class DataConnectorInstantTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Data Connector Instant Trigger',
		name: 'dataConnectorInstantTrigger',
		icon: { light: 'file:dataConnectorInstantTrigger.svg', dark: 'file:dataConnectorInstantTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Instant: " + $parameter["connector"] }}',
		description: 'Starts the workflow at once when a data connector\'s API pushes an event (webhook)',
		defaults: { name: 'Data Connector Instant Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: triggerCredentials,
		webhooks: INSTANT_WEBHOOKS,
		properties: instantTriggerProperties([...packagedCatalog().values()].filter((connector) => connector.webhooks)),
	};

	methods = {
		loadOptions: { getInstantConnectors, getWebhookEvents },
	};

	webhookMethods = { default: instantWebhookMethods(target) };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this, await target(this));
	}
}
