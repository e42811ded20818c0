/**
 * Secret values in a definition document: the `default` of an input marked `secret: true`, and that
 * input's value in the endpoint's `sampleData`. Every read shows them as "******" (maskSecrets), and
 * "******" in a write means "keep the stored value" (restoreSecrets), so a read-modify-write round
 * trip neither reveals nor destroys a secret. Works on raw documents (what a file says), not on
 * normalized definitions, because that is what is read and written.
 */
import { pointer, type DefinitionProblem } from '../definition/issues';
import { MASK } from '../redact';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function endpointsOf(document: unknown): Json[] {
	if (!isObject(document) || !Array.isArray(document.endpoints)) return [];
	return document.endpoints.filter(isObject);
}

function inputsOf(endpoint: Json): Json[] {
	return Array.isArray(endpoint.inputs) ? endpoint.inputs.filter(isObject) : [];
}

/** A deep copy of `document` with every secret input value shown as "******". */
export function maskSecrets<T>(document: T): T {
	const copy = structuredClone(document);
	for (const endpoint of endpointsOf(copy)) {
		const sample = isObject(endpoint.sampleData) ? endpoint.sampleData : undefined;
		for (const input of inputsOf(endpoint)) {
			if (input.secret !== true || typeof input.name !== 'string') continue;
			if (input.default !== undefined && input.default !== null && input.default !== '') input.default = MASK;
			if (sample && sample[input.name] !== undefined && sample[input.name] !== null && sample[input.name] !== '') sample[input.name] = MASK;
		}
	}
	return copy;
}

/**
 * Replaces each "******" secret value of `next` with the stored value at the same endpoint key and
 * input name in `stored`. A "******" with nothing stored to keep is a problem at its path.
 * Returns a new document; `next` is not changed.
 */
export function restoreSecrets(next: unknown, stored: unknown): { document: unknown; problems: DefinitionProblem[] } {
	const document = structuredClone(next);
	const problems: DefinitionProblem[] = [];
	const storedEndpoints = new Map(endpointsOf(stored).map((endpoint) => [endpoint.key, endpoint]));
	const nextEndpoints = isObject(document) && Array.isArray(document.endpoints) ? document.endpoints : [];
	nextEndpoints.forEach((endpoint: unknown, index: number) => {
		if (!isObject(endpoint)) return;
		const old = typeof endpoint.key === 'string' ? storedEndpoints.get(endpoint.key) : undefined;
		const missing = (path: PropertyKey[]) =>
			problems.push({
				path: pointer(['endpoints', index, ...path]),
				message: `"${MASK}" keeps a stored secret, but there is none stored here; give the value itself`,
			});
		const oldInputs = new Map(old ? inputsOf(old).map((input) => [input.name, input]) : []);
		(Array.isArray(endpoint.inputs) ? endpoint.inputs : []).forEach((input: unknown, i: number) => {
			if (!isObject(input) || input.default !== MASK) return;
			const previous = oldInputs.get(input.name);
			if (previous && previous.default !== undefined) input.default = previous.default;
			else missing(['inputs', i, 'default']);
		});
		if (isObject(endpoint.sampleData)) {
			const oldSample = old && isObject(old.sampleData) ? old.sampleData : {};
			for (const [name, value] of Object.entries(endpoint.sampleData)) {
				if (value !== MASK) continue;
				if (oldSample[name] !== undefined) endpoint.sampleData[name] = oldSample[name];
				else missing(['sampleData', name]);
			}
		}
	});
	return { document, problems };
}
