/**
 * Keys, names and purposes derived from what a source calls things. Keys must match the
 * definition format's rule (a letter, then letters, digits, "-" and "_"); input names additionally
 * avoid "-" so that they read well in templates ({{ inputs.pageSize }}).
 */
import type { EndpointDefinition } from 'n8n-nodes-data-connectors';

type Purpose = EndpointDefinition['purpose'];

function words(text: string): string[] {
	return text
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean);
}

/** "get_user by-id" -> "getUserById"; "42 items" -> "n42Items"; "" -> fallback. */
export function camelKey(text: string, fallback = 'value'): string {
	const parts = words(text);
	if (!parts.length) return fallback;
	const joined = parts
		.map((part, index) => (index === 0 ? part.charAt(0).toLowerCase() + part.slice(1) : part.charAt(0).toUpperCase() + part.slice(1)))
		.join('');
	return /^[A-Za-z]/.test(joined) ? joined : `n${joined}`;
}

/** "listPetsByOwner" -> "List Pets By Owner". */
export function titleCase(text: string): string {
	return words(text)
		.map((part) => part.charAt(0).toUpperCase() + part.slice(1))
		.join(' ');
}

/** Hands out keys that are unique within one scope: "id", "id2", "id3". */
export class KeyScope {
	private readonly used = new Set<string>();

	take(base: string): string {
		let key = base;
		for (let n = 2; this.used.has(key.toLowerCase()); n++) key = `${base}${n}`;
		this.used.add(key.toLowerCase());
		return key;
	}
}

const ACTION_VERBS = /^(search|query|find|lookup)$/i;

/**
 * What an endpoint does, from its method and the shape of its path: a GET ending in a parameter
 * reads one record, a POST to a collection creates, a POST to /things/{id}/cancel is an action.
 */
export function purposeOf(method: string, path: string): Purpose {
	const segments = path.split('/').filter(Boolean);
	const last = segments[segments.length - 1] ?? '';
	// "{id}", ":id", "{{ inputs.id }}", and a parameter with a suffix such as "{name}.csv".
	const isParameter = (segment: string) => /^\{[^}]*\}|^:|\{\{/.test(segment);
	const endsInParameter = isParameter(last);
	if (segments.some((segment) => ACTION_VERBS.test(segment))) return 'Search';
	switch (method) {
		case 'GET':
			return endsInParameter ? 'Get' : 'List';
		case 'POST': {
			const beforeLast = segments[segments.length - 2] ?? '';
			return isParameter(beforeLast) && !endsInParameter ? 'Action' : 'Create';
		}
		case 'PUT':
		case 'PATCH':
			return 'Update';
		case 'DELETE':
			return 'Delete';
		default:
			return 'Action';
	}
}

const VERBS: Record<Purpose, string> = { List: 'List', Get: 'Get', Search: 'Search', Create: 'Create', Update: 'Update', Delete: 'Delete', Action: '' };
const NOISE = /^(api|v\d+(\.\d+)*|rest)$/i;

/**
 * A readable endpoint name when the source has none: the purpose's verb and the literal path
 * segments, "POST /v1/orders/{id}/refunds" -> "Orders Refunds" with verb, "GET /pets/{id}" -> "Get Pets".
 */
export function nameFromRoute(method: string, path: string): string {
	const purpose = purposeOf(method, path);
	const literal = path
		.split('/')
		.filter((segment) => segment && !/^\{.*\}$|^:|\{\{/.test(segment) && !NOISE.test(segment))
		.map(titleCase);
	const verb = purpose === 'Action' ? titleCase(method.toLowerCase()) : purpose === 'Update' && method === 'PUT' ? 'Replace' : VERBS[purpose];
	return [verb, ...literal].join(' ').trim() || method;
}
