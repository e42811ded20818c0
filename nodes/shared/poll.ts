/**
 * One poll of a connector's list endpoint: fetch pages until records already seen, emit the new
 * ones once, remember them in the workflow's static data. Shared by the Data Connector Trigger and
 * the trigger nodes generated for connectors that declare a pollable endpoint.
 *
 * - First poll of an active workflow: remembers what exists and emits nothing (or the newest N when
 *   chosen), so activating a workflow does not flood it with old records.
 * - Manual test run ("Fetch Test Event"): returns a few current records, state untouched.
 * - A failing poll throws (n8n reports it) before the state is written: nothing lost, nothing twice.
 * - The state is reset when the connector, endpoint or dedupe settings change.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import type { ConnectorDefinition, EndpointDefinition } from '../../src';
import { commit, type DedupeConfig, type PollState, type ResponseRecordLike, selectNew } from '../../src/poll/dedupe';
import { forEachPage, RateLimiters } from './fetch';
import { planEndpointItem } from './plan';
import { toNodeError } from './execute';
import { Redactor } from '../../src';
import { asExecuteContext } from './context';

export interface PollSettings {
	dedupe: DedupeConfig;
	/** Records to emit on the very first poll (0: none). */
	emitOnFirstPoll: number;
	/** Records a manual test run returns. */
	sampleSize: number;
}

interface StoredState extends PollState {
	/** Which connector, endpoint and dedupe settings the state belongs to. */
	scope: string;
}

export async function pollEndpoint(
	poll: IPollFunctions,
	connector: ConnectorDefinition,
	endpoint: EndpointDefinition,
	settings: PollSettings,
	/** The endpoint's input values; by default the resource-mapper parameter "inputs". */
	inputSource?: (context: IExecuteFunctions) => IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const context = asExecuteContext(poll);
	const manual = poll.getMode() === 'manual';
	let plan;
	try {
		plan = await planEndpointItem(context, 0, { json: {} }, connector, endpoint, inputSource ? () => inputSource(context) : undefined);
	} catch (error) {
		throw toNodeError(context, error, 0, new Redactor([]));
	}
	const fetchOptions = { fullResponse: false, neverError: false, maxRecords: 0 };
	const limiters = new RateLimiters();
	const emit = (records: ResponseRecordLike[]) =>
		records.length ? [plan.redactor.items(records.map((record) => ({ json: record as IDataObject })))] : null;

	try {
		if (manual) {
			const sample: ResponseRecordLike[] = [];
			await forEachPage(context, 0, plan, fetchOptions, limiters, (page) => {
				sample.push(...page.slice(0, settings.sampleSize - sample.length));
				return sample.length < settings.sampleSize;
			});
			return emit(sample);
		}

		const staticData = poll.getWorkflowStaticData('node');
		const scope = JSON.stringify([connector.key, endpoint.key, settings.dedupe]);
		const stored = staticData.dataConnector as StoredState | undefined;
		const state: PollState = stored && stored.scope === scope ? stored : { seeded: false };
		const cap = settings.dedupe.mode === 'key' ? settings.dedupe.cap : Infinity;
		const taken: ResponseRecordLike[] = [];
		const takenKeys = new Set<string>();
		let offset = 0;
		await forEachPage(context, 0, plan, fetchOptions, limiters, (page) => {
			const selection = selectNew(page, state, settings.dedupe, takenKeys, offset);
			offset += page.length;
			taken.push(...selection.fresh);
			// Seeding reads what exists (up to the memory cap); later polls stop at the first seen record.
			return state.seeded ? !selection.reachedSeen : taken.length < cap;
		});
		staticData.dataConnector = { ...commit(state, taken, settings.dedupe), scope } satisfies StoredState;
		if (!state.seeded) return emit(taken.slice(0, settings.emitOnFirstPoll));
		return emit(taken);
	} catch (error) {
		throw toNodeError(context, error, 0, plan.redactor);
	}
}
