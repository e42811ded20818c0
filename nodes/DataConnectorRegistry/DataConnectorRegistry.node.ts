import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';
import { packagedConnectors } from '../../connectors';
import { DefinitionError } from '../../src';
import { registryFolder, REGISTRY_ENV } from '../../src/registry/host-folder';
import { ConnectorRegistry, problemLines } from '../../src/registry/registry';
import { RegistryFolder } from '../../src/registry/store';
import { packagedCatalog } from '../shared/catalog';
import { getConnectors, getEndpoints } from '../DataConnector/methods';
import { ACTIONS } from './actions';
import { registryCredentials, registryProperties, registrySubtitle } from './description';

/** The registry of the n8n host: the packaged connectors plus the DATA_CONNECTORS_REGISTRY folder. */
function hostRegistry(): ConnectorRegistry {
	const folder = registryFolder();
	return new ConnectorRegistry({
		folder: folder ? new RegistryFolder(folder) : undefined,
		builtIns: packagedConnectors,
		hints: {
			force: 'turn on Force to do it anyway',
			usageSource: 'choose the n8n API or a workflows folder under "Check Workflows In"',
			expectedVersion: 'put the "version" you read in the changes, or set Expected Version',
			registryFolder: `set ${REGISTRY_ENV} in n8n's environment to a folder (self-hosted n8n only)`,
		},
	});
}

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
 * Manage the connectors of this n8n host: list, search, create, update, delete, set live or draft,
 * see which workflows use one, and test an endpoint. Works on self-hosted n8n (it reads and writes
 * the DATA_CONNECTORS_REGISTRY folder); connectors packaged with the node are read-only.
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
		const registry = hostRegistry();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const action = ACTIONS[operation];
				if (!action) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, { itemIndex });
				for (const json of await action(this, registry, itemIndex, items[itemIndex])) output.push({ json, pairedItem: { item: itemIndex } });
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
