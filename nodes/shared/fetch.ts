/**
 * Steps 2 and 3 of the pipeline for one item: send (with rate limit and retries), then read, page
 * after page when the endpoint paginates. Decisions live in src/execute (pure); this file only
 * sequences them around n8n's HTTP helper and the node clock (./clock.ts).
 */
import type { IBinaryKeyData, IExecuteFunctions, IDataObject } from 'n8n-workflow';
import {
	ConnectorHttpError,
	contentDispositionFileName,
	fullUrl,
	httpErrorFor,
	isFileBody,
	safeFileName,
	isSuccess,
	parseRetryAfter,
	readResponse,
	type RequestSpec,
	type ResponseRecord,
	simplifyRecords,
} from '../../src';
import { firstPage, newPageState, nextPage } from '../../src/execute/paginate';
import { RateLimiter, sharedIntervalOf } from '../../src/execute/rate-limit';
import { decideRetry } from '../../src/execute/retry';
import { headerValue, type HttpResponse } from '../../src/response';
import type { ItemPlan } from './plan';
import { filePayload, storeDownload } from './files';
import { sendFollowingPolicy } from './access';
import { type ByteStream, unreachable } from './send';
import { nodeClock } from './clock';
import { SharedRateLimit } from './shared-rate-limit';

export interface FetchOptions {
	fullResponse: boolean;
	neverError: boolean;
	/** 0: all records of all pages. */
	maxRecords: number;
	/** Overrides the connector's number of attempts. */
	maxAttempts?: number;
	/** Overrides the endpoint's time limit per attempt. */
	timeoutMs?: number;
	/** Keep only the endpoint's declared `response.fields` ("Simplified" output). */
	simplify?: boolean;
	/** Binary field a downloaded file goes into (default "data"). */
	binaryPropertyName?: string;
	/** Largest file a download may bring, in bytes; 0 or missing: no limit. */
	maxFileBytes?: number;
}

/** Rate limiters of one node execution, one per connector; shared limits through the hub. */
export class RateLimiters {
	private readonly limiters = new Map<string, RateLimiter | undefined>();
	private shared?: SharedRateLimit;

	/** Waits until the plan's connector may send: the hub's slot for a shared limit, else spaced within this execution. */
	async acquire(context: IExecuteFunctions, plan: ItemPlan): Promise<void> {
		const limit = plan.execution.rateLimit;
		if (!limit) return;
		if (limit.limit.shared && sharedIntervalOf(limit.limit) > 0) {
			this.shared ??= new SharedRateLimit(context);
			if (await this.shared.acquire(limit.key, sharedIntervalOf(limit.limit))) return;
		}
		if (!this.limiters.has(limit.key)) this.limiters.set(limit.key, RateLimiter.for(limit.limit, nodeClock));
		await this.limiters.get(limit.key)?.acquire();
	}
}

function attemptsNote(attempts: number, reason?: string): string {
	if (reason) return ` (${attempts} attempt${attempts > 1 ? 's' : ''}; ${reason})`;
	return attempts > 1 ? ` (after ${attempts} attempts)` : '';
}

/** One request with the rate limit and the retry policy applied. */
async function sendWithRetry(
	context: IExecuteFunctions,
	itemIndex: number,
	spec: RequestSpec,
	plan: ItemPlan,
	options: FetchOptions,
	limiters: RateLimiters,
	binaryResponse = false,
): Promise<{ response: HttpResponse & { stream?: ByteStream }; attempts: number; note?: string }> {
	// A file body is read from the item's binary data once: every attempt sends the same bytes.
	const payload = isFileBody(spec.body) ? await filePayload(context, itemIndex, spec.body) : undefined;
	const policy = options.maxAttempts ? { ...plan.execution.retry, maxAttempts: options.maxAttempts } : plan.execution.retry;
	const timeoutMs = options.timeoutMs ?? plan.execution.timeoutMs;
	for (let attempt = 1; ; attempt++) {
		await limiters.acquire(context, plan);
		const result = await sendFollowingPolicy(plan.access, context, itemIndex, spec, plan.execution.redirects, timeoutMs, plan.redactor, {
			payload,
			binaryResponse,
		});
		if ('networkCode' in result) {
			const decision = decideRetry(policy, attempt, { kind: 'network', code: result.networkCode }, plan.execution.repeatable);
			if (decision.retry) {
				await nodeClock.sleep(decision.delayMs);
				continue;
			}
			throw unreachable(context, spec, result.networkCode, timeoutMs, itemIndex, attemptsNote(attempt, decision.reason));
		}
		const { response } = result;
		if (isSuccess(response.status)) return { response, attempts: attempt };
		const retryAfterSeconds = parseRetryAfter(headerValue(response.headers, 'retry-after'), new Date(nodeClock.now()));
		const decision = decideRetry(
			policy,
			attempt,
			{ kind: 'status', status: response.status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) },
			plan.execution.repeatable,
		);
		if (!decision.retry) return { response, attempts: attempt, note: decision.reason };
		await nodeClock.sleep(decision.delayMs);
	}
}

function parsedBody(response: HttpResponse): unknown {
	if (!response.body.trim()) return null;
	try {
		return JSON.parse(response.body.replace(/^\uFEFF/, '')) as unknown;
	} catch {
		return response.body;
	}
}

function fullResponseRecord(response: HttpResponse, plan: ItemPlan): ResponseRecord {
	return plan.redactor.value({ status: response.status, headers: response.headers, body: parsedBody(response) }) as ResponseRecord;
}

function httpError(plan: ItemPlan, spec: RequestSpec, response: HttpResponse, attempts: number, note?: string): ConnectorHttpError {
	const error = httpErrorFor(plan.endpoint, response, { method: spec.method, url: plan.redactor.text(fullUrl(spec)) });
	error.message += attemptsNote(attempts, note);
	return error;
}

/**
 * Calls `onPage` with the records of each page (one page when the endpoint does not paginate) until
 * it returns false or the pages end. Error statuses throw (after retries), as do non-JSON answers
 * and repeating pages.
 */
export async function forEachPage(
	context: IExecuteFunctions,
	itemIndex: number,
	plan: ItemPlan,
	options: FetchOptions,
	limiters: RateLimiters,
	onPage: (records: ResponseRecord[], response: HttpResponse) => boolean,
	/** Receives an error response instead of it being thrown ("Never Error"). */
	onErrorResponse?: (response: HttpResponse) => void,
): Promise<void> {
	const pagination = plan.execution.pagination;
	let spec = pagination ? firstPage(plan.built.spec, pagination) : plan.built.spec;
	const state = newPageState();
	for (;;) {
		const { response, attempts, note } = await sendWithRetry(context, itemIndex, spec, plan, options, limiters);
		if (!isSuccess(response.status)) {
			if (!onErrorResponse) throw httpError(plan, spec, response, attempts, note);
			onErrorResponse(response);
			return;
		}
		// A page with no body at all (204) ends a paginated list.
		if (pagination && state.pages > 0 && (response.status === 204 || !response.body.trim())) return;
		const page = readResponse(plan.endpoint, response, { method: spec.method, url: plan.redactor.text(fullUrl(spec)) }, plan.connectorName);
		if (!onPage(page, response) || !pagination) return;
		// Only cursor, next-URL and total read the body again; the others need no second parse.
		const needsBody = pagination.type === 'cursor' || pagination.type === 'nextUrl' || pagination.totalPath !== undefined;
		const next = nextPage(pagination, state, spec, response, needsBody ? parsedBody(response) : undefined, page);
		if (next.done) return;
		spec = next.spec;
	}
}

/** Records read from a JSON body: not the { success, status } stand-in of an empty answer. */
function hasJsonRecords(plan: ItemPlan, response: HttpResponse): boolean {
	return plan.endpoint.response.format === 'json' && response.status !== 204 && response.status !== 205 && response.body.trim() !== '';
}

/** Every record for one item: one response, or all pages of a paginated endpoint. */
export async function fetchRecords(
	context: IExecuteFunctions,
	itemIndex: number,
	plan: ItemPlan,
	options: FetchOptions,
	limiters: RateLimiters,
): Promise<IDataObject[]> {
	if (options.fullResponse) return [await fullResponse(context, itemIndex, plan, options, limiters)];
	const limit = options.maxRecords > 0 ? options.maxRecords : undefined;
	const records: ResponseRecord[] = [];
	let lastStatus = 200;
	await forEachPage(
		context,
		itemIndex,
		plan,
		options,
		limiters,
		(page, response) => {
			lastStatus = response.status;
			const shaped = options.simplify && hasJsonRecords(plan, response) ? simplifyRecords(page, plan.endpoint.response.fields) : page;
			records.push(...(limit ? shaped.slice(0, limit - records.length) : shaped));
			return !limit || records.length < limit;
		},
		options.neverError ? (response) => records.push(fullResponseRecord(response, plan)) : undefined,
	);
	// An empty list still answers the item: downstream nodes see that the call ran and found nothing.
	return (records.length ? records : [{ success: true, status: lastStatus, results: 0 }]) as IDataObject[];
}

/** "Include Response Status and Headers": one response as it came, so no paging. */
async function fullResponse(
	context: IExecuteFunctions,
	itemIndex: number,
	plan: ItemPlan,
	options: FetchOptions,
	limiters: RateLimiters,
): Promise<IDataObject> {
	const spec = plan.built.spec;
	const { response, attempts, note } = await sendWithRetry(context, itemIndex, spec, plan, options, limiters);
	if (!isSuccess(response.status) && !options.neverError) throw httpError(plan, spec, response, attempts, note);
	return fullResponseRecord(response, plan) as IDataObject;
}

/** One output item's content: its JSON and, for a download, its binary data. */
export interface ItemOutput {
	json: IDataObject;
	binary?: IBinaryKeyData;
}

/**
 * A "binary" endpoint: one request (no paging), the file into the item's binary field and what is
 * known about it into the JSON. The name is the definition's template, else Content-Disposition,
 * else the URL's last segment; the type is the definition's, else Content-Type.
 */
export async function fetchFile(
	context: IExecuteFunctions,
	itemIndex: number,
	plan: ItemPlan,
	options: FetchOptions,
	limiters: RateLimiters,
): Promise<ItemOutput> {
	const spec = plan.built.spec;
	const { response, attempts, note } = await sendWithRetry(context, itemIndex, spec, plan, options, limiters, true);
	if (!isSuccess(response.status) || !response.stream) {
		if (isSuccess(response.status)) return { json: { success: true, status: response.status } };
		if (options.neverError) return { json: fullResponseRecord(response, plan) as IDataObject };
		throw httpError(plan, spec, response, attempts, note);
	}
	const declared = plan.built.download ?? {};
	const fileName =
		safeFileName(declared.fileName) ??
		contentDispositionFileName(headerValue(response.headers, 'content-disposition')) ??
		safeFileName(decodeURIComponent(new URL(spec.url).pathname)) ??
		'file';
	const mimeType = declared.mimeType ?? headerValue(response.headers, 'content-type');
	const length = Number(headerValue(response.headers, 'content-length'));
	const { binary, size } = await storeDownload(
		context,
		response.stream,
		{ fileName, ...(mimeType ? { mimeType } : {}), ...(Number.isFinite(length) && length >= 0 ? { declaredBytes: length } : {}) },
		options.maxFileBytes ?? 0,
	);
	const json: IDataObject = { fileName: binary.fileName ?? fileName, mimeType: binary.mimeType, size };
	if (options.fullResponse) Object.assign(json, plan.redactor.value({ status: response.status, headers: response.headers }));
	return { json, binary: { [options.binaryPropertyName || 'data']: binary } };
}
