/** The Data Connector Instant Trigger's parameters: which connector, which of its events. */
import type { INodeProperties } from 'n8n-workflow';
import type { ConnectorDefinition } from '../../src';
import { authenticationParameters } from '../DataConnector/description';

export function instantTriggerProperties(connectors: ConnectorDefinition[]): INodeProperties[] {
	return [
		{
			displayName: 'Connector Name or ID',
			name: 'connector',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getInstantConnectors' },
			default: '',
			required: true,
			description:
				'The API whose events start this workflow; only connectors that declare webhooks are listed. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Event Names or IDs',
			name: 'events',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getWebhookEvents', loadOptionsDependsOn: ['connector'] },
			default: [],
			required: true,
			description:
				'The events that start this workflow; activating it subscribes to them. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...authenticationParameters(connectors),
	];
}
