/**
 * How an update combines with the stored definition.
 *
 * merge (the default), in the spirit of JSON Merge Patch (RFC 7386):
 *   - objects merge deeply: fields the update leaves out keep their stored value
 *   - `null` removes a field
 *   - arrays are replaced whole (tags, categories, headers, inputs, query, ...), because list
 *     elements have no identity a merge could go by, except:
 *   - `endpoints` merge by `key`: an endpoint with a stored key merges into it (deeply, by the same
 *     rules), a new key is added at the end, `{ "key": "old", "$remove": true }` removes one, and
 *     endpoints the update does not name stay as they are
 * replace: the update is the whole new definition.
 *
 * Either way the result is validated as a whole before anything is written.
 */
import { pointer, type DefinitionProblem } from '../definition/issues';

export type UpdateMode = 'merge' | 'replace';

/** Marks an endpoint of a merge update for removal: `{ "key": "oldEndpoint", "$remove": true }`. */
export const REMOVE = '$remove';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

export class MergeError extends Error {
	constructor(readonly problems: DefinitionProblem[]) {
		super(problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
		this.name = 'MergeError';
	}
}

function mergeValue(base: unknown, patch: unknown): unknown {
	if (!isObject(base) || !isObject(patch)) return structuredClone(patch);
	const result: Json = structuredClone(base);
	for (const [field, value] of Object.entries(patch)) {
		if (value === null) delete result[field];
		else result[field] = mergeValue(base[field], value);
	}
	return result;
}

function mergeEndpoints(base: unknown, patch: unknown[], problems: DefinitionProblem[]): unknown[] {
	const result: unknown[] = Array.isArray(base) ? structuredClone(base) : [];
	const indexOf = (key: unknown) => result.findIndex((endpoint) => isObject(endpoint) && endpoint.key === key);
	patch.forEach((endpoint, index) => {
		if (!isObject(endpoint) || typeof endpoint.key !== 'string') {
			problems.push({ path: pointer(['endpoints', index, 'key']), message: 'an endpoint in a merge update needs the key of the endpoint it adds or changes' });
			return;
		}
		const at = indexOf(endpoint.key);
		if (endpoint[REMOVE] === true) {
			if (at < 0) problems.push({ path: pointer(['endpoints', index]), message: `there is no endpoint "${endpoint.key}" to remove` });
			else result.splice(at, 1);
			return;
		}
		if (at < 0) result.push(structuredClone(endpoint));
		else result[at] = mergeValue(result[at], endpoint);
	});
	return result;
}

/** The stored document with `patch` merged in (see above); throws MergeError naming bad endpoint entries. */
export function mergeDefinition(stored: unknown, patch: unknown): unknown {
	if (!isObject(patch)) throw new MergeError([{ path: '', message: 'an update must be a JSON object' }]);
	const base = isObject(stored) ? stored : {};
	const problems: DefinitionProblem[] = [];
	const result: Json = structuredClone(base);
	for (const [field, value] of Object.entries(patch)) {
		if (value === null) delete result[field];
		else if (field === 'endpoints' && Array.isArray(value)) result.endpoints = mergeEndpoints(base.endpoints, value, problems);
		else result[field] = mergeValue(base[field], value);
	}
	if (problems.length) throw new MergeError(problems);
	return result;
}
