/**
 * The response core, driven by test/fixtures/response/*.json: one file per rule. A 2xx fixture runs
 * readResponse, any other status runs httpErrorFor; the fixture says which records or which error
 * to expect. Adding a case means adding a fixture file.
 */
import { STATUS_CODES } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod/v4';
import { responseSchema } from '../src/definition/schema';
import {
	ConnectorHttpError,
	httpErrorFor,
	isSuccess,
	readResponse,
	STATUS_TEXT,
	type HttpResponse,
	type RequestSummary,
} from '../src/response';

const FIXTURES = join(__dirname, 'fixtures', 'response');

/** Strict, so a misspelt expectation fails loudly instead of silently checking nothing. */
const expectedErrorSchema = z.strictObject({
	name: z.enum(['ConnectorHttpError', 'ResponseFormatError']),
	status: z.number().int().optional(),
	problem: z.enum(['notJson', 'missingRecordsPath']).optional(),
	messageStartsWith: z.string().optional(),
	messageContains: z.array(z.string()).default([]),
	messageNotContains: z.array(z.string()).default([]),
	descriptionContains: z.array(z.string()).default([]),
	/** null: must be absent. */
	retryAfter: z.number().nullable().optional(),
	apiMessage: z.string().nullable().optional(),
	endpointMessage: z.string().nullable().optional(),
	responseBody: z.string().nullable().optional(),
	responseBodyLength: z.number().int().optional(),
});

const fixtureSchema = z.strictObject({
	name: z.string().min(1),
	endpoint: z
		.strictObject({
			key: z.string().default('getOrder'),
			name: z.string().default('Get Order'),
			method: z.string().optional(),
			response: z.unknown().optional(),
			errors: z.record(z.string(), z.string()).default({}),
		})
		.default({ key: 'getOrder', name: 'Get Order', errors: {} }),
	connectorName: z.string().optional(),
	/** The clock for HTTP-date Retry-After values. */
	now: z.iso.datetime().optional(),
	response: z
		.strictObject({
			status: z.number().int(),
			statusText: z.string().optional(),
			headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
			/** Raw body text... */
			body: z.string().optional(),
			/** ...or a JSON value, sent as its JSON text. */
			json: z.unknown().optional(),
		})
		.refine((r) => r.body === undefined || r.json === undefined, 'give body or json, not both'),
	request: z.strictObject({ method: z.string(), url: z.string() }),
	expect: z.union([
		z.strictObject({ records: z.array(z.record(z.string(), z.unknown())) }),
		z.strictObject({ error: expectedErrorSchema }),
	]),
});

type Fixture = z.output<typeof fixtureSchema>;

const fixtures: Array<[string, Fixture]> = readdirSync(FIXTURES)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => [file, fixtureSchema.parse(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')))]);

function httpResponse(fixture: Fixture): HttpResponse {
	const { status, statusText, headers, body, json } = fixture.response;
	return { status, statusText, headers, body: json !== undefined ? JSON.stringify(json) : (body ?? '') };
}

/** Runs the fixture's case: records for a 2xx read, or the error (thrown by a read, returned for a status). */
function run(fixture: Fixture): { records: unknown } | { error: Error } {
	const response = httpResponse(fixture);
	const request: RequestSummary = fixture.request;
	const endpoint = { ...fixture.endpoint, response: responseSchema.parse(fixture.endpoint.response ?? {}) };
	if (!isSuccess(response.status)) {
		const now = fixture.now ? new Date(fixture.now) : undefined;
		return { error: httpErrorFor(endpoint, response, request, { now }) };
	}
	try {
		return { records: readResponse(endpoint, response, request, fixture.connectorName) };
	} catch (error) {
		if (error instanceof Error) return { error };
		throw error;
	}
}

describe('response fixtures', () => {
	it.each(fixtures)('%s', (_file, fixture) => {
		const outcome = run(fixture);
		if ('records' in fixture.expect) {
			if ('error' in outcome) throw outcome.error;
			expect(outcome.records).toEqual(fixture.expect.records);
			return;
		}
		const expected = fixture.expect.error;
		if (!('error' in outcome)) throw new Error(`expected ${expected.name}, got records ${JSON.stringify(outcome.records)}`);
		const error = outcome.error as Error & Record<string, unknown>;
		expect(error.name).toBe(expected.name);
		if (expected.status !== undefined) expect(error.status).toBe(expected.status);
		if (expected.problem !== undefined) expect(error.problem).toBe(expected.problem);
		if (expected.messageStartsWith !== undefined) expect(error.message.startsWith(expected.messageStartsWith)).toBe(true);
		for (const text of expected.messageContains) expect(error.message).toContain(text);
		for (const text of expected.messageNotContains) expect(error.message).not.toContain(text);
		for (const text of expected.descriptionContains) expect(error.description).toContain(text);
		for (const field of ['retryAfter', 'apiMessage', 'endpointMessage', 'responseBody'] as const) {
			if (expected[field] !== undefined) expect(error[field]).toBe(expected[field] ?? undefined);
		}
		if (expected.responseBodyLength !== undefined) expect(error.responseBody).toHaveLength(expected.responseBodyLength);

		// Rules every error obeys, whatever the fixture: one line, no JSON dump, and for HTTP
		// errors the "(<status> <reason>: <METHOD> <url>)" ending.
		expect(error.message).not.toMatch(/\n|\{"/);
		if (error instanceof ConnectorHttpError) {
			const outcomeText = error.statusText ? `${error.status} ${error.statusText}` : String(error.status);
			expect(error.message.endsWith(`(${outcomeText}: ${fixture.request.method} ${fixture.request.url})`)).toBe(true);
		}
	});
});

/** The statuses the brief gives their own message, plus the fallbacks (418, 599, 302). */
const DISTINCT_STATUSES = [400, 401, 402, 403, 404, 405, 408, 409, 410, 413, 415, 422, 429, 500, 501, 502, 503, 504];

describe('default messages', () => {
	const endpoint = { key: 'getOrder', name: 'Get Order', errors: {} };
	const request = { method: 'GET', url: 'https://orders.example.com/api/v1/orders/42' };
	const lead = (status: number, headers: HttpResponse['headers'] = {}) => {
		const { message } = httpErrorFor(endpoint, { status, headers, body: '' }, request);
		return message.slice(0, message.lastIndexOf(' ('));
	};

	it('are pairwise distinct, fallbacks included', () => {
		const leads = [...DISTINCT_STATUSES, 418, 599, 302, 101].map((status) => lead(status));
		leads.push(lead(429, { 'Retry-After': '5' }), lead(503, { 'Retry-After': '5' }));
		expect(new Set(leads).size).toBe(leads.length);
	});

	it('each has a fixture', () => {
		const covered = new Set(
			fixtures.filter(([, f]) => 'error' in f.expect && !isSuccess(f.response.status)).map(([, f]) => f.response.status),
		);
		expect(DISTINCT_STATUSES.filter((status) => !covered.has(status))).toEqual([]);
	});
});

describe('STATUS_TEXT', () => {
	it("matches Node's reason phrases", () => {
		expect(Object.fromEntries(Object.entries(STATUS_TEXT))).toEqual(STATUS_CODES);
	});
});
