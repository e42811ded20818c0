/**
 * The per-item pipeline every connector node runs, in this order:
 *   1. plan    what to send for item i (a request spec, pure: see plan.ts)
 *   2. send    through n8n's helpers, which apply the credential (send.ts)
 *   3. read    status -> error, or body -> records (src/response)
 *   4. emit    records as items paired with item i; a failure becomes an error item with
 *              continueOnFail, or stops the node with the item index
 * Every input item yields at least one output item or an error: nothing is dropped.
 */
import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import {
	ConnectorHttpError,
	fullUrl,
	httpErrorFor,
	isSuccess,
	printableRequest,
	readResponse,
	Redactor,
	type ResponseRecord,
} from '../../src';
import type { HttpResponse } from '../../src/response';
import type { ItemPlan } from './plan';
import { sendRequest } from './send';

export interface RunOptions {
	fullResponse: boolean;
	neverError: boolean;
	preview: boolean;
	timeout: number;
}

export function runOptions(context: IExecuteFunctions): RunOptions {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		fullResponse: options.fullResponse === true,
		neverError: options.neverError === true,
		preview: options.preview === true,
		timeout: typeof options.timeout === 'number' && options.timeout > 0 ? options.timeout : 30_000,
	};
}

function parsedBody(response: HttpResponse): unknown {
	if (!response.body.trim()) return null;
	try {
		return JSON.parse(response.body.replace(/^\uFEFF/, '')) as unknown;
	} catch {
		return response.body;
	}
}

function fullResponseRecord(response: HttpResponse, redactor: Redactor): ResponseRecord {
	return redactor.value({ status: response.status, headers: response.headers, body: parsedBody(response) }) as ResponseRecord;
}

async function runItem(context: IExecuteFunctions, itemIndex: number, plan: ItemPlan, options: RunOptions): Promise<ResponseRecord[]> {
	const { spec } = plan.built;
	if (options.preview) {
		const previewed = plan.preview();
		const printable = printableRequest(previewed.spec, plan.redactor);
		return [{ ...printable, body: printable.body ?? null }];
	}
	const response = await sendRequest(context, itemIndex, spec, plan.credential, options.timeout, plan.refreshOn401);
	if (!isSuccess(response.status)) {
		if (options.neverError) return [fullResponseRecord(response, plan.redactor)];
		throw httpErrorFor(plan.endpoint, response, { method: spec.method, url: plan.redactor.text(fullUrl(spec)) });
	}
	if (options.fullResponse) return [fullResponseRecord(response, plan.redactor)];
	const records = readResponse(plan.endpoint, response, { method: spec.method, url: plan.redactor.text(fullUrl(spec)) }, plan.connectorName);
	// An empty list still answers the item: downstream nodes see that the call ran and found nothing.
	return records.length ? records : [{ success: true, status: response.status, results: 0 }];
}

export function toNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	redactor: Redactor,
): NodeApiError | NodeOperationError {
	const node = context.getNode();
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.message = redactor.text(error.message);
		if (error.description) error.description = redactor.text(error.description);
		return error;
	}
	if (error instanceof ConnectorHttpError) {
		return new NodeApiError(node, { message: redactor.text(error.message), status: error.status } as JsonObject, {
			itemIndex,
			httpCode: String(error.status),
			message: redactor.text(error.message),
			description: redactor.text(error.description),
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	const description = (error as { description?: unknown }).description;
	return new NodeOperationError(node, redactor.text(message), {
		itemIndex,
		...(typeof description === 'string' ? { description: redactor.text(description) } : {}),
	});
}

/** Runs `plan` for each input item and collects the output items. */
export async function executeItems(
	context: IExecuteFunctions,
	planItem: (itemIndex: number, item: INodeExecutionData) => Promise<ItemPlan>,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const options = runOptions(context);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let plan: ItemPlan | undefined;
		try {
			plan = await planItem(itemIndex, items[itemIndex]);
			const records = await runItem(context, itemIndex, plan, options);
			for (const record of records) output.push({ json: record as IDataObject, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(context, error, itemIndex, plan?.redactor ?? new Redactor([]));
			if (!context.continueOnFail()) throw nodeError;
			const json: IDataObject = { error: nodeError.message };
			if (nodeError.description) json.description = nodeError.description;
			if (nodeError instanceof NodeApiError && nodeError.httpCode) json.status = Number(nodeError.httpCode) || nodeError.httpCode;
			output.push({ json, pairedItem: { item: itemIndex } });
		}
	}
	return output;
}
