/**
 * Rendering rules of the template language (each has a test in test/template.test.ts):
 *
 * 1. A value that is exactly one placeholder keeps the type of what it refers to: a number stays a
 *    number, an object stays an object. If it resolves to nothing, the value is omitted (a query
 *    parameter, header or JSON body field whose value is missing is left out).
 * 2. Placeholders inside longer text are written as text. Missing values and null become "".
 *    An object or array cannot be written into text: that is an error naming the placeholder.
 * 3. A missing value is undefined, null or "". An inline default (`{{ inputs.x ?? 5 }}`) replaces it.
 * 4. A required input that is still missing is an error naming the placeholder and the endpoint.
 * 5. Path templates encode every placeholder value as one path segment (see renderPath).
 * 6. Header values may not contain CR or LF (see renderHeaderValue).
 */
import { headerValueProblem } from '../request/headers';
import { isTemplate, parseTemplate, type Placeholder, referenceText } from './parse';

export interface TemplateContext {
	inputs: Record<string, unknown>;
	/** The upstream item's JSON. */
	item: unknown;
	settings: Record<string, unknown>;
	/** Inputs that must have a value. */
	required: ReadonlySet<string>;
	/** "connectorKey/endpointKey", for messages. */
	endpoint: string;
}

export class TemplateError extends Error {
	constructor(
		message: string,
		readonly location: string,
		readonly placeholder?: string,
	) {
		super(message);
		this.name = 'TemplateError';
	}
}

const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';

function lookup(placeholder: Placeholder, context: TemplateContext, location: string): unknown {
	let value: unknown = context[placeholder.root];
	for (const segment of placeholder.path) {
		if (value === null || typeof value !== 'object') {
			value = undefined;
			break;
		}
		// Own properties only: a template must not reach prototype members such as "constructor".
		value = Object.prototype.hasOwnProperty.call(value, segment) ? (value as Record<string | number, unknown>)[segment] : undefined;
	}
	if (isMissing(value) && placeholder.hasDefault) value = placeholder.default;
	if (isMissing(value) && placeholder.root === 'inputs' && context.required.has(String(placeholder.path[0]))) {
		throw new TemplateError(
			`Missing required input "${placeholder.path[0]}" for ${placeholder.source} in endpoint "${context.endpoint}" (${location})`,
			location,
			placeholder.source,
		);
	}
	return value;
}

function asText(value: unknown, placeholder: Placeholder, template: string, context: TemplateContext, location: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object' && !(value instanceof Date)) {
		const kind = Array.isArray(value) ? 'an array' : 'an object';
		throw new TemplateError(
			`${placeholder.source} is ${kind} and cannot be written into the text "${template}" in endpoint "${context.endpoint}" (${location}); use the placeholder alone as the whole value, or refer to one of its fields such as {{ ${referenceText(placeholder)}.id }}`,
			location,
			placeholder.source,
		);
	}
	return value instanceof Date ? value.toISOString() : String(value);
}

/** Renders one string template: rule 1 for a lone placeholder, rule 2 otherwise. */
export function renderValue(template: string, context: TemplateContext, location: string): unknown {
	if (!isTemplate(template)) return template;
	const parts = parseTemplate(template);
	if (parts.length === 1 && parts[0].kind === 'placeholder') {
		const value = lookup(parts[0].placeholder, context, location);
		return isMissing(value) ? undefined : value;
	}
	let text = '';
	for (const part of parts) {
		text +=
			part.kind === 'text'
				? part.text
				: asText(lookup(part.placeholder, context, location), part.placeholder, template, context, location);
	}
	return text;
}

/** Renders a template that must produce text (a raw body, a URL path). Lone values are stringified. */
export function renderText(
	template: string,
	context: TemplateContext,
	location: string,
	escape: (value: string) => string = (value) => value,
): string {
	if (!isTemplate(template)) return template;
	let text = '';
	for (const part of parseTemplate(template)) {
		text +=
			part.kind === 'text'
				? part.text
				: escape(asText(lookup(part.placeholder, context, location), part.placeholder, template, context, location));
	}
	return text;
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escaping for raw bodies, chosen by content type: a value placed into XML or JSON text is escaped
 * for that language, so "<" or a quote in a value cannot break the document or add elements.
 */
export function escaperFor(contentType: string): (value: string) => string {
	if (/[/+]xml\b/i.test(contentType) || /^text\/html/i.test(contentType)) {
		return (value) => value.replace(/[&<>"']/g, (char) => XML_ENTITIES[char]);
	}
	if (/[/+]json\b/i.test(contentType)) return (value) => JSON.stringify(value).slice(1, -1);
	return (value) => value;
}

/**
 * Renders every string inside a JSON value (a JSON body). Object fields whose value resolves to
 * nothing are left out; array elements that resolve to nothing become null so indexes stay put.
 */
export function renderDeep(value: unknown, context: TemplateContext, location: string): unknown {
	if (typeof value === 'string') return renderValue(value, context, location);
	if (Array.isArray(value)) {
		return value.map((element, index) => {
			const rendered = renderDeep(element, context, `${location}[${index}]`);
			return rendered === undefined ? null : rendered;
		});
	}
	if (value !== null && typeof value === 'object') {
		// fromEntries defines own fields: assigning result["__proto__"] would set the prototype instead.
		const entries: Array<[string, unknown]> = [];
		for (const [field, fieldValue] of Object.entries(value)) {
			const rendered = renderDeep(fieldValue, context, `${location}.${field}`);
			if (rendered !== undefined) entries.push([field, rendered]);
		}
		return Object.fromEntries(entries);
	}
	return value;
}

/**
 * Rule 5: the text of a path template is the definition author's and kept as written; every value a
 * placeholder puts into it is percent-encoded as a single path segment, so "/", "?", "#", "@" or
 * "%2F" in a value can never add a segment, start a query or change the host. "." and ".." are
 * refused because URL parsers treat them (even encoded) as "this" and "parent" folder.
 */
export function renderPath(template: string, context: TemplateContext, location = 'path'): string {
	if (!isTemplate(template)) return template;
	let text = '';
	for (const part of parseTemplate(template)) {
		if (part.kind === 'text') {
			text += part.text;
			continue;
		}
		const raw = asText(lookup(part.placeholder, context, location), part.placeholder, template, context, location);
		if (raw === '') {
			throw new TemplateError(
				`${part.placeholder.source} in the URL path of endpoint "${context.endpoint}" has no value; a path segment cannot be empty`,
				location,
				part.placeholder.source,
			);
		}
		if (raw === '.' || raw === '..') {
			throw new TemplateError(
				`${part.placeholder.source} in the URL path of endpoint "${context.endpoint}" is "${raw}", which would change the path; use a real identifier`,
				location,
				part.placeholder.source,
			);
		}
		text += encodeURIComponent(raw);
	}
	return text;
}

/** Rule 6: CR or LF in a header value would let a value inject headers. */
export function renderHeaderValue(template: string, name: string, context: TemplateContext): string | undefined {
	const location = `header "${name}"`;
	const value = renderValue(template, context, location);
	if (value === undefined) return undefined;
	const text = typeof value === 'string' ? value : asTextForHeader(value, template, context, location);
	const problem = headerValueProblem(text);
	if (problem) throw new TemplateError(`The value of header "${name}" in endpoint "${context.endpoint}" ${problem}`, location);
	return text;
}

function asTextForHeader(value: unknown, template: string, context: TemplateContext, location: string): string {
	if (typeof value === 'object' && value !== null) {
		throw new TemplateError(
			`${template} is ${Array.isArray(value) ? 'an array' : 'an object'} and cannot be a header value (${location} in endpoint "${context.endpoint}")`,
			location,
			template,
		);
	}
	return String(value);
}
