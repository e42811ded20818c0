/**
 * Typed inputs: each value given for an endpoint is checked and converted to its declared type
 * before any template sees it, so templates only ever place clean values.
 *
 *   string   text; numbers and booleans are written as text
 *   number   a number, or text that is one ("42", " 3.5 "); min/max are checked
 *   boolean  true/false, or "true"/"false"/"1"/"0"
 *   date     ISO 8601 text ("2026-12-01", "2026-12-01T10:00:00Z"), a Date, or epoch milliseconds;
 *            a Date or number is sent as ISO 8601 text
 *   options  one of the declared option values (text "1" matches option 1)
 *   json     an object or array, or text holding JSON
 *
 * A missing value (undefined, null or "") takes the input's default; a required input without
 * either is an error naming the input, the placeholder that uses it and the endpoint.
 */
import type { EndpointDefinition, InputDefinition } from '../definition/types';
import { placeholdersOf } from '../template/parse';

export class InputError extends Error {
	constructor(
		message: string,
		readonly input: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}

export interface ResolvedInputs {
	values: Record<string, unknown>;
	/** Values of inputs flagged secret, to be masked wherever the request is shown. */
	secrets: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Decimal notation only: Number() would also accept "0x10", "0b11" and "0o7". */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** Date.parse rolls "2026-02-30" over to March 2nd; the day must exist in that month. */
function isCalendarDate(text: string): boolean {
	const [year, month, day] = text.slice(0, 10).split('-').map(Number);
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
	if (Array.isArray(value)) return 'an array';
	if (value !== null && typeof value === 'object') return 'an object';
	return String(value);
}

/** The first placeholder that uses an input, so a message can point at where it matters. */
function usedAs(endpoint: EndpointDefinition, name: string): string {
	const templates: string[] = [endpoint.path];
	const collect = (value: unknown): void => {
		if (typeof value === 'string') templates.push(value);
		else if (Array.isArray(value)) value.forEach(collect);
		else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
	};
	endpoint.query.forEach((param) => collect(param.value));
	endpoint.headers.forEach((header) => collect(header.value));
	collect(endpoint.body);
	for (const template of templates) {
		const found = placeholdersOf(template).find((p) => p.root === 'inputs' && p.path[0] === name);
		if (found) return ` (used as ${found.source})`;
	}
	return '';
}

function convert(input: InputDefinition, value: unknown, where: string): unknown {
	const fail = (expected: string): never => {
		// The value of a secret input is never repeated, not even in an error.
		const got = input.secret ? 'a value that is not shown because the input is secret' : describe(value);
		throw new InputError(`Input "${input.name}"${where} must be ${expected}, but got ${got}`, input.name);
	};
	switch (input.type) {
		case 'string':
			if (typeof value === 'string') return value;
			if (typeof value === 'number' || typeof value === 'boolean') return String(value);
			return fail('text');
		case 'number': {
			const number = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : NaN;
			if (!Number.isFinite(number)) return fail('a number');
			if (input.min !== undefined && number < input.min) return fail(`at least ${input.min}`);
			if (input.max !== undefined && number > input.max) return fail(`at most ${input.max}`);
			return number;
		}
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (typeof value === 'string' && /^(true|1)$/i.test(value.trim())) return true;
			if (typeof value === 'string' && /^(false|0)$/i.test(value.trim())) return false;
			return fail('true or false');
		case 'date':
			if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
			if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
			if (typeof value === 'string' && ISO_DATE.test(value.trim()) && !Number.isNaN(Date.parse(value.trim())) && isCalendarDate(value.trim())) {
				return value.trim();
			}
			// Luxon DateTime and similar objects that n8n expressions produce.
			if (value !== null && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
				return String((value as { toISO: () => string }).toISO());
			}
			return fail('a date in ISO 8601 form such as "2026-12-01" or "2026-12-01T10:00:00Z"');
		case 'options': {
			const option = input.options?.find((candidate) => String(candidate.value) === String(value));
			if (!option) return fail(`one of ${(input.options ?? []).map((o) => JSON.stringify(o.value)).join(', ')}`);
			return option.value;
		}
		case 'json':
			if (typeof value === 'string') {
				try {
					return JSON.parse(value) as unknown;
				} catch {
					return fail('valid JSON');
				}
			}
			if (typeof value === 'object') return value;
			return fail('a JSON object or array');
	}
}

/**
 * What to mask for a secret value: the text itself, or for a number or JSON value its JSON text and
 * every string and number inside it (a JSON body shows the parts, not the whole text).
 */
function secretForms(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	const forms = [JSON.stringify(value)];
	const collect = (part: unknown): void => {
		if (typeof part === 'string' || typeof part === 'number') forms.push(String(part));
		else if (part !== null && typeof part === 'object') Object.values(part).forEach(collect);
	};
	collect(value);
	return forms;
}

/**
 * Checks and converts the given values. Values for names the endpoint does not declare are
 * ignored: they often come from auto-matching an upstream item that has more fields.
 */
export function resolveInputs(
	endpoint: EndpointDefinition,
	given: Record<string, unknown>,
	endpointLabel: string,
): ResolvedInputs {
	const values: Record<string, unknown> = {};
	const secrets: string[] = [];
	const where = ` of endpoint "${endpointLabel}"`;
	for (const input of endpoint.inputs) {
		let value = Object.prototype.hasOwnProperty.call(given, input.name) ? given[input.name] : undefined;
		if (isMissing(value)) value = input.default;
		if (isMissing(value)) {
			if (input.required) {
				throw new InputError(
					`Missing required input "${input.name}"${usedAs(endpoint, input.name)} for endpoint "${endpointLabel}"`,
					input.name,
				);
			}
			continue;
		}
		const converted = convert(input, value, where);
		values[input.name] = converted;
		if (input.secret) secrets.push(...secretForms(converted));
	}
	return { values, secrets };
}
