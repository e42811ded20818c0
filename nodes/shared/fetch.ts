/**
 * Steps 2 and 3 of the pipeline for one item: send (with rate limit and retries), then read, page
 * after page when the endpoint paginates. Decisions live in src/execute (pure); this file only
 * sequences them around n8n's HTTP helper and `sleep`.
 */
import { type IExecuteFunctions, type IDataObject, sleep } from 'n8n-workflow';
import {
	ConnectorHttpError,
	fullUrl,
	httpErrorFor,
	isSuccess,
	parseRetryAfter,
	readResponse,
	type RequestSpec,
	type ResponseRecord,
} from '../../src';
import { firstPage, newPageState, nextPage } from '../../src/execute/paginate';
import { RateLimiter } from '../../src/execute/rate-limit';
import { decideRetry } from '../../src/execute/retry';
import { headerValue, type HttpResponse } from '../../src/response';
import type { ItemPlan } from './plan';
import { sendRequest, unreachable } from './send';

export interface FetchOptions {
	fullResponse: boolean;
	neverError: boolean;
	/** 0: all records of all pages. */
	maxRecords: number;
	/** Overrides the connector's number of attempts. */
	maxAttempts?: number;
	/** Overrides the endpoint's time limit per attempt. */
	timeoutMs?: number;
}

/** Rate limiters of one node execution, one per connector. */
export class RateLimiters {
	private readonly limiters = new Map<string, RateLimiter | undefined>();

	for(plan: ItemPlan): RateLimiter | undefined {
		const limit = plan.execution.rateLimit;
		if (!limit) return undefined;
		if (!this.limiters.has(limit.key)) this.limiters.set(limit.key, RateLimiter.for(limit.limit, { now: () => Date.now(), sleep }));
		return this.limiters.get(limit.key);
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
): Promise<{ response: HttpResponse; attempts: number; note?: string }> {
	const policy = options.maxAttempts ? { ...plan.execution.retry, maxAttempts: options.maxAttempts } : plan.execution.retry;
	const timeoutMs = options.timeoutMs ?? plan.execution.timeoutMs;
	for (let attempt = 1; ; attempt++) {
		await limiters.for(plan)?.acquire();
		const result = await sendRequest(context, itemIndex, spec, plan.credential, timeoutMs, plan.refreshOn401);
		if ('networkCode' in result) {
			const decision = decideRetry(policy, attempt, { kind: 'network', code: result.networkCode }, plan.execution.repeatable);
			if (decision.retry) {
				await sleep(decision.delayMs);
				continue;
			}
			throw unreachable(context, spec, result.networkCode, timeoutMs, itemIndex, attemptsNote(attempt, decision.reason));
		}
		const { response } = result;
		if (isSuccess(response.status)) return { response, attempts: attempt };
		const retryAfterSeconds = parseRetryAfter(headerValue(response.headers, 'retry-after'));
		const decision = decideRetry(
			policy,
			attempt,
			{ kind: 'status', status: response.status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) },
			plan.execution.repeatable,
		);
		if (!decision.retry) return { response, attempts: attempt, note: decision.reason };
		await sleep(decision.delayMs);
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

/** Every record for one item: one response, or all pages of a paginated endpoint. */
export async function fetchRecords(
	context: IExecuteFunctions,
	itemIndex: number,
	plan: ItemPlan,
	options: FetchOptions,
	limiters: RateLimiters,
): Promise<IDataObject[]> {
	// With "Include Response Status and Headers" there is one response to show, so no paging.
	const pagination = options.fullResponse ? undefined : plan.execution.pagination;
	const limit = options.maxRecords > 0 ? options.maxRecords : undefined;
	let spec = pagination ? firstPage(plan.built.spec, pagination) : plan.built.spec;
	const state = newPageState();
	const records: ResponseRecord[] = [];
	let lastStatus = 200;
	for (;;) {
		const { response, attempts, note } = await sendWithRetry(context, itemIndex, spec, plan, options, limiters);
		lastStatus = response.status;
		if (!isSuccess(response.status)) {
			if (options.neverError) return [...records, fullResponseRecord(response, plan)] as IDataObject[];
			throw httpError(plan, spec, response, attempts, note);
		}
		if (options.fullResponse) return [fullResponseRecord(response, plan)] as IDataObject[];
		// A page with no body at all (204) ends a paginated list.
		if (pagination && (response.status === 204 || !response.body.trim())) break;
		const page = readResponse(plan.endpoint, response, { method: spec.method, url: plan.redactor.text(fullUrl(spec)) }, plan.connectorName);
		records.push(...(limit ? page.slice(0, limit - records.length) : page));
		if (!pagination || (limit && records.length >= limit)) break;
		const next = nextPage(pagination, state, spec, response, parsedBody(response), page, limit);
		if (next.done) break;
		spec = next.spec;
	}
	// An empty list still answers the item: downstream nodes see that the call ran and found nothing.
	return (records.length ? records : [{ success: true, status: lastStatus, results: 0 }]) as IDataObject[];
}
