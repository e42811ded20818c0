import {
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';
import { connectorEndpointSubtitle, triggerCredentials } from '../DataConnector/description';
import { getConnectors, getInputFields } from '../DataConnector/methods';
import { connectorFor, findEndpoint, packagedCatalog } from '../shared/catalog';
import { pollEndpoint } from '../shared/poll';
import { triggerProperties } from './description';
import { getPollableEndpoints, pollSettings } from './methods';
import { getListedInputs, searchListedInput } from '../shared/listed-inputs';

/** Starts a workflow for each new record of a connector's list endpoint, polled on n8n's schedule. */
export class DataConnectorTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Data Connector Trigger',
		name: 'dataConnectorTrigger',
		icon: { light: 'file:dataConnectorTrigger.svg', dark: 'file:dataConnectorTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ${connectorEndpointSubtitle([...packagedCatalog().values()], '"New records: " + ')} }}`,
		description: 'Starts the workflow when a data connector\'s list endpoint has new records',
		defaults: { name: 'Data Connector Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: triggerCredentials,
		properties: triggerProperties([...packagedCatalog().values()]),
	};

	methods = {
		loadOptions: { getConnectors, getPollableEndpoints, getListedInputs },
		listSearch: { searchListedInput },
		resourceMapping: { getInputFields },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const connector = await connectorFor(this, this.getNodeParameter('connector') as string);
		const endpoint = findEndpoint(connector, this.getNodeParameter('endpoint') as string);
		if (endpoint.method !== 'GET') {
			throw new NodeOperationError(this.getNode(), `Endpoint "${endpoint.name}" uses ${endpoint.method}; only GET endpoints can be polled`);
		}
		return await pollEndpoint(this, connector, endpoint, pollSettings(this, endpoint));
	}
}
