import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';
import { packagedCatalog } from '../shared/catalog';
import { executeItems } from '../shared/execute';
import { planConnectorItem, planCustomItem } from '../shared/plan';
import { dataConnectorCredentials, dataConnectorProperties, dataConnectorSubtitle } from './description';
import { getConnectors, getEndpoints, getInputFields } from './methods';
import { getListedInputs, searchListedInput } from '../shared/listed-inputs';

/** The generic node: any packaged connector's endpoints, or a custom endpoint, on the shared runtime. */
export class DataConnector implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Data Connector',
		name: 'dataConnector',
		icon: { light: 'file:dataConnector.svg', dark: 'file:dataConnector.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: dataConnectorSubtitle([...packagedCatalog().values()]),
		description:
			'Call an API described once as a data connector: pick a connector and an endpoint, map its inputs, get records as items',
		defaults: { name: 'Data Connector' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: dataConnectorCredentials,
		properties: dataConnectorProperties([...packagedCatalog().values()]),
	};

	methods = {
		loadOptions: { getConnectors, getEndpoints, getListedInputs },
		listSearch: { searchListedInput },
		resourceMapping: { getInputFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const mode = this.getNodeParameter('mode', 0) as string;
		const output = await executeItems(this, (itemIndex, item) =>
			mode === 'custom' ? planCustomItem(this, itemIndex) : planConnectorItem(this, itemIndex, item),
		);
		return [output];
	}
}
