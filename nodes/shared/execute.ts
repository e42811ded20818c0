/**
 * The per-item pipeline every connector node runs, in this order:
 *   1. plan    what to send for item i (a request spec, pure: see plan.ts)
 *   2. fetch   send with rate limit and retries, read, follow pages (fetch.ts)
 *   3. emit    records as items paired with item i; a failure becomes an error item with
 *              continueOnFail, or stops the node with the item index
 * Items run with bounded concurrency (default 1, sequential); output order and pairing are those
 * of a sequential run whatever order responses arrive in. Every input item yields at least one
 * output item or an error: nothing is dropped.
 */
import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import { ConnectorHttpError, printableRequest, Redactor } from '../../src';
import { runPool } from '../../src/execute/pool';
import { fetchFile, fetchRecords, type FetchOptions, type ItemOutput, RateLimiters } from './fetch';
import { simplifyOutput } from './output';
import type { ItemPlan } from './plan';

export const MAX_CONCURRENCY = 50;

export interface RunOptions extends FetchOptions {
	preview: boolean;
	concurrency: number;
}

const positive = (value: unknown): number | undefined => (typeof value === 'number' && value > 0 ? value : undefined);

export function runOptions(context: IExecuteFunctions): RunOptions {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		fullResponse: options.fullResponse === true,
		neverError: options.neverError === true,
		preview: options.preview === true,
		concurrency: Math.min(MAX_CONCURRENCY, Math.floor(positive(options.concurrency) ?? 1)),
		maxRecords: Math.floor(positive(options.maxRecords) ?? 0),
		maxAttempts: positive(options.maxAttempts),
		timeoutMs: positive(options.timeout),
		simplify: simplifyOutput(context),
		binaryPropertyName: typeof options.binaryPropertyName === 'string' && options.binaryPropertyName.trim() ? options.binaryPropertyName.trim() : 'data',
		maxFileBytes: Math.floor((positive(options.maxFileSize) ?? 0) * 1024 * 1024),
	};
}

export function toNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	redactor: Redactor,
): NodeApiError | NodeOperationError {
	const node = context.getNode();
	// Every field n8n stores (message, description, stack, cause, context, ...) is redacted.
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return redactor.error(error);
	if (error instanceof ConnectorHttpError) {
		const message = redactor.text(error.message);
		const apiError = new NodeApiError(node, { message, status: error.status } as JsonObject, {
			itemIndex,
			httpCode: String(error.status),
			message,
			description: redactor.text(error.description),
		});
		// NodeApiError may swap a message for a generic one by status; ours is the specific one.
		apiError.message = message;
		return redactor.error(apiError);
	}
	const message = error instanceof Error ? error.message : String(error);
	const description = (error as { description?: unknown }).description;
	return redactor.error(
		new NodeOperationError(node, redactor.text(message), {
			itemIndex,
			...(typeof description === 'string' ? { description: redactor.text(description) } : {}),
		}),
	);
}

async function runItem(
	context: IExecuteFunctions,
	itemIndex: number,
	plan: ItemPlan,
	options: RunOptions,
	limiters: RateLimiters,
): Promise<ItemOutput[]> {
	if (options.preview) {
		const printable = printableRequest(plan.preview().spec, plan.redactor);
		return [{ json: { ...printable, body: (printable.body ?? null) as IDataObject } }];
	}
	if (plan.endpoint.response.format === 'binary') return [await fetchFile(context, itemIndex, plan, options, limiters)];
	return (await fetchRecords(context, itemIndex, plan, options, limiters)).map((json) => ({ json }));
}

/** Runs `planItem` and the request(s) for each input item and collects the output items. */
export async function executeItems(
	context: IExecuteFunctions,
	planItem: (itemIndex: number, item: INodeExecutionData) => Promise<ItemPlan>,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const options = runOptions(context);
	const limiters = new RateLimiters();
	const continueOnFail = context.continueOnFail();
	// One growing set of secrets for the whole execution: every item's secrets and every token
	// fetched on the way join it, and every output item and error passes through it at the end.
	const redactor = new Redactor();
	const results = await runPool(
		items.length,
		options.concurrency,
		async (itemIndex) => {
			let plan: ItemPlan | undefined;
			try {
				const itemPlan = await planItem(itemIndex, items[itemIndex]);
				plan = { ...itemPlan, redactor: redactor.absorb(itemPlan.redactor) };
				return await runItem(context, itemIndex, plan, options, limiters);
			} catch (error) {
				throw toNodeError(context, error, itemIndex, redactor);
			}
		},
		!continueOnFail,
	);
	const output: INodeExecutionData[] = [];
	results.forEach((result, itemIndex) => {
		if (!result) return;
		if (result.ok) {
			for (const entry of result.value) output.push({ ...entry, pairedItem: { item: itemIndex } });
			return;
		}
		// Redacted again: a secret may have come into being after this item failed.
		const nodeError = redactor.error(result.error as NodeApiError | NodeOperationError);
		// The first failing item in input order, as a sequential run would report it.
		if (!continueOnFail) throw nodeError;
		const json: IDataObject = { error: nodeError.message };
		if (nodeError.description) json.description = nodeError.description;
		if (nodeError instanceof NodeApiError && nodeError.httpCode) json.status = Number(nodeError.httpCode) || nodeError.httpCode;
		output.push({ json, pairedItem: { item: itemIndex } });
	});
	return redactor.items(output);
}
