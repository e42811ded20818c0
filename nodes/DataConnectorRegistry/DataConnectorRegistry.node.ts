import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';
import { DefinitionError } from '../../src';
import { problemLines } from '../../src/registry/registry';
import { packagedCatalog } from '../shared/catalog';
import { HubClient } from '../shared/hub/client';
import { getConnectors, getEndpoints } from '../DataConnector/methods';
import { ACTIONS } from './actions';
import { registryCredentials, registryProperties, registrySubtitle } from './description';

function nodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof DefinitionError) {
		const lines = problemLines(error);
		const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''})` : '';
		return new NodeOperationError(context.getNode(), `The definition is invalid: ${lines[0]}${more}`, {
			itemIndex,
			description: lines.join('\n'),
		});
	}
	return new NodeOperationError(context.getNode(), error instanceof Error ? error.message : String(error), { itemIndex });
}

/**
 * Manage the connectors of a Data Connector Hub: list, search, create, update, delete, set live or
 * draft, see which workflows use one (the hub asks n8n's API), and test an endpoint. Every change is
 * a request to the hub named by the "Data Connector Hub" credential, so it reaches every n8n main
 * and worker alike; connectors packaged with the node are read-only.
 */
export class DataConnectorRegistry implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Data Connector Registry',
		name: 'dataConnectorRegistry',
		icon: { light: 'file:dataConnectorRegistry.svg', dark: 'file:dataConnectorRegistry.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: registrySubtitle([...packagedCatalog().values()]),
		description: 'Manage data connectors: list, search, create, update, delete, set live or draft, check usage, test endpoints',
		defaults: { name: 'Data Connector Registry' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: registryCredentials,
		properties: registryProperties([...packagedCatalog().values()]),
	};

	methods = {
		loadOptions: { getConnectors, getEndpoints },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		let hub: HubClient | undefined;
		try {
			hub = await HubClient.of(this);
		} catch (error) {
			// A credential without a usable URL or token (HubAddressError), or one n8n cannot read.
			throw new NodeOperationError(this.getNode(), error instanceof Error ? error.message : String(error));
		}
		if (!hub) throw new NodeOperationError(this.getNode(), 'Choose a "Data Connector Hub" credential: the connectors are managed in the hub');
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const action = ACTIONS[operation];
				if (!action) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, { itemIndex });
				for (const json of await action(this, hub, itemIndex, items[itemIndex])) output.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				const failure = nodeError(this, error, itemIndex);
				if (!this.continueOnFail()) throw failure;
				output.push({
					json: { error: failure.message, ...(failure.description ? { description: failure.description } : {}) },
					pairedItem: { item: itemIndex },
				});
			}
		}
		return [output];
	}
}
