/** The trigger's option list and how its dedupe settings are read. */
import {
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodePropertyOptions,
	type IPollFunctions,
	NodeOperationError,
} from 'n8n-workflow';
import type { EndpointDefinition } from '../../src';
import { DEFAULT_MEMORY_CAP, type DedupeConfig } from '../../src/poll/dedupe';
import { connectorFor } from '../shared/catalog';
import type { PollSettings } from '../shared/poll';
import { DEFAULT_SAMPLE_SIZE } from './description';

/** GET endpoints; those that declare how to poll them first. */
export async function getPollableEndpoints(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const key = this.getCurrentNodeParameter('connector') as string;
	if (!key) return [];
	return (await connectorFor(this, key))
		.endpoints.filter((endpoint) => endpoint.method === 'GET')
		.sort((a, b) => Number(Boolean(b.poll)) - Number(Boolean(a.poll)))
		.map((endpoint) => ({
			name: endpoint.name,
			value: endpoint.key,
			description: `${endpoint.poll ? 'Pollable. ' : ''}${endpoint.purpose}: ${endpoint.description}`,
		}));
}

export function dedupeSettings(context: IPollFunctions, endpoint: EndpointDefinition, memoryCap = DEFAULT_MEMORY_CAP): DedupeConfig {
	const by = context.getNodeParameter('dedupeBy', 'endpoint') as 'endpoint' | 'key' | 'cursor';
	const fields = (text: string) => text.split(',').map((field) => field.trim()).filter(Boolean);
	if (by === 'key') {
		const keyFields = fields(context.getNodeParameter('keyFields', 'id') as string);
		if (keyFields.length) return { mode: 'key', keyFields, cap: memoryCap };
	}
	if (by === 'cursor') {
		const cursorField = (context.getNodeParameter('cursorField', '') as string).trim();
		if (cursorField) return { mode: 'cursor', cursorField };
	}
	if (by === 'endpoint' && endpoint.poll?.keyFields) return { mode: 'key', keyFields: endpoint.poll.keyFields, cap: memoryCap };
	if (by === 'endpoint' && endpoint.poll?.cursorField) return { mode: 'cursor', cursorField: endpoint.poll.cursorField };
	throw new NodeOperationError(
		context.getNode(),
		by === 'endpoint'
			? `Endpoint "${endpoint.name}" does not declare how to tell new records; choose Key Fields or Cursor Field under "Tell New Records By"`
			: `Enter the ${by === 'key' ? 'key field(s)' : 'cursor field'} that tells new records apart`,
	);
}

/** Dedupe, first-poll and sample settings from the node's parameters (generated triggers too). */
export function pollSettings(context: IPollFunctions, endpoint: EndpointDefinition): PollSettings {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const memoryCap = typeof options.memoryCap === 'number' ? options.memoryCap : undefined;
	return {
		dedupe: dedupeSettings(context, endpoint, memoryCap),
		emitOnFirstPoll: typeof options.emitOnFirstPoll === 'number' ? options.emitOnFirstPoll : 0,
		sampleSize: typeof options.sampleSize === 'number' ? options.sampleSize : DEFAULT_SAMPLE_SIZE,
	};
}
