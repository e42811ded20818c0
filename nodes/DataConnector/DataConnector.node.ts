import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { packagedCatalog } from '../shared/catalog';
import { executeItems } from '../shared/execute';
import { planConnectorItem, planCustomItem } from '../shared/plan';
import { dataConnectorDescription } from './description';
import { getConnectors, getEndpoints, getInputFields } from './methods';

/** The generic node: any packaged connector's endpoints, or a custom endpoint, on the shared runtime. */
export class DataConnector implements INodeType {
	description: INodeTypeDescription = dataConnectorDescription([...packagedCatalog().values()]);

	methods = {
		loadOptions: { getConnectors, getEndpoints },
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
