/**
 * Request bodies: a JSON object body gives one input per top-level property (allOf merged);
 * a complex JSON body (oneOf, arrays, free-form) one json input; form and multipart bodies give
 * form fields; XML keeps the spec's example as raw text; text bodies one text input.
 */
import type { EndpointInputs } from '../endpoint-inputs';
import type { EndpointInput } from '../literal-request';
import type { ImportReport } from '../report';
import { exampleOf, flatten, inputFromSchema, oneLine } from './schema';
import type { Json } from './load';
import type { SpecBody } from './operations';
import type { RefResolver } from './refs';

type Body = NonNullable<EndpointInput['body']>;

/** Properties a client sends: readOnly ones are the server's. */
function writable(body: SpecBody, resolver: RefResolver): Array<[string, Json, boolean]> | undefined {
	const flat = flatten(body.schema, resolver);
	if (!flat || flat.type !== 'object' || flat.alternatives || !flat.properties.size) return undefined;
	return [...flat.properties]
		.filter(([, node]) => resolver.resolve(node)?.readOnly !== true)
		.map(([name, node]) => [name, node, flat.required.has(name)]);
}

function fieldsAsInputs(fields: Array<[string, Json, boolean]>, inputs: EndpointInputs, resolver: RefResolver, what: string): Record<string, string> {
	const value: Record<string, string> = {};
	for (const [name, node, required] of fields) {
		const resolved = resolver.resolve(node);
		const input = inputFromSchema(node, resolver, required, resolved?.description ?? `${what} field ${name}`);
		value[name] = inputs.declare(`body.${name}`, input, exampleOf(resolved), name);
	}
	return value;
}

function wholeBody(body: SpecBody, inputs: EndpointInputs, resolver: RefResolver, type: 'json' | 'string'): string {
	const described = oneLine(resolver.resolve(body.schema)?.description) ?? 'the request body';
	return inputs.declare('body', { type, required: body.required, description: described, label: 'Body' });
}

export function bodyOf(body: SpecBody | undefined, method: string, inputs: EndpointInputs, resolver: RefResolver, report: ImportReport, where: string): Pick<EndpointInput, 'body' | 'sendBody'> {
	if (!body) return {};
	const type = body.contentType;
	if (body.alternatives.length) report.note(where, `body as ${type}; also accepted: ${body.alternatives.join(', ')}`);
	let result: Body | undefined;
	if (/json|^\*\/\*$/i.test(type)) {
		const fields = writable(body, resolver);
		result = { type: 'json', value: fields ? fieldsAsInputs(fields, inputs, resolver, 'body') : wholeBody(body, inputs, resolver, 'json') };
	} else if (/x-www-form-urlencoded|multipart\/form-data/i.test(type)) {
		const fields = (writable(body, resolver) ?? []).filter(([name, node]) => {
			const schema = resolver.resolve(node);
			const binary = schema?.type === 'file' || schema?.format === 'binary' || schema?.format === 'base64';
			if (binary) report.dropped(where, `file field "${name}" dropped: file uploads are not supported by the connector format`);
			return !binary;
		});
		if (/multipart/i.test(type)) report.approximated(where, 'the multipart/form-data body was imported as a URL-encoded form');
		result = { type: 'form', value: fieldsAsInputs(fields, inputs, resolver, 'form') };
	} else if (/xml/i.test(type)) {
		const example = typeof body.example === 'string' ? body.example : '';
		report.approximated(where, `the ${type} body was imported as raw text${example ? ' from the spec\'s example' : ' (empty)'}: put {{ inputs.* }} placeholders into it by hand`);
		result = { type: 'raw', contentType: type, value: example.includes('{{') ? '' : example };
	} else if (/^text\//i.test(type)) {
		result = { type: 'raw', contentType: type, value: wholeBody(body, inputs, resolver, 'string') };
	} else {
		report.dropped(where, `the ${type} body was dropped: binary bodies are not supported by the connector format`);
		return {};
	}
	return method === 'GET' || method === 'DELETE' ? { body: result, sendBody: true } : { body: result };
}
