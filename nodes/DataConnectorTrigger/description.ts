/** The Data Connector Trigger's parameters: which list to watch and how to tell new records. */
import type { INodeProperties } from 'n8n-workflow';
import type { ConnectorDefinition } from '../../src';
import { DEFAULT_MEMORY_CAP } from '../../src/poll/dedupe';
import { authenticationParameters, connectorSelection } from '../DataConnector/description';
import { listedInputsParameter } from '../shared/listed-inputs';

export const DEFAULT_SAMPLE_SIZE = 5;

export function triggerProperties(connectors: ConnectorDefinition[]): INodeProperties[] {
	return [
		...connectorSelection({
			endpointsMethod: 'getPollableEndpoints',
			supportAutoMap: false,
			inputsDescription: 'Values for the endpoint\'s inputs, e.g. a status filter',
		}),
		listedInputsParameter(connectors),
		...authenticationParameters(connectors),
		{
			displayName: 'Tell New Records By',
			name: 'dedupeBy',
			type: 'options',
			options: [
				{ name: 'As the Endpoint Declares', value: 'endpoint', description: 'Use the key or cursor field the connector declares for this endpoint' },
				{ name: 'Key Fields', value: 'key', description: 'A record whose key was not seen before is new' },
				{ name: 'Cursor Field', value: 'cursor', description: 'A record whose timestamp or number is above the last one seen is new' },
			],
			default: 'endpoint',
		},
		{
			displayName: 'Key Fields',
			name: 'keyFields',
			type: 'string',
			default: 'id',
			placeholder: 'id',
			description: 'Field (or comma-separated fields, for a composite key) that identifies a record; dots reach nested fields',
			displayOptions: { show: { dedupeBy: ['key'] } },
		},
		{
			displayName: 'Cursor Field',
			name: 'cursorField',
			type: 'string',
			default: 'updatedAt',
			placeholder: 'updatedAt',
			description: 'A timestamp or increasing number; records with a value above the highest one seen are new',
			displayOptions: { show: { dedupeBy: ['cursor'] } },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Emit on First Poll',
					name: 'emitOnFirstPoll',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description:
						'How many of the newest existing records to emit when the workflow is first activated. 0 only remembers what exists, so activating never floods the workflow.',
				},
				{
					displayName: 'Remember Up To',
					name: 'memoryCap',
					type: 'number',
					typeOptions: { minValue: 100 },
					default: DEFAULT_MEMORY_CAP,
					description: 'How many record keys to remember (key fields only); the oldest are forgotten first, so memory stays bounded',
				},
				{
					displayName: 'Test Sample Size',
					name: 'sampleSize',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: DEFAULT_SAMPLE_SIZE,
					description: 'How many current records a manual test run returns, for mapping fields',
				},
			],
		},
	];
}
