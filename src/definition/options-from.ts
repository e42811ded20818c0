/**
 * `optionsFrom` on an input: its choices come live from another endpoint of the same connector, so
 * the nodes can show a searchable dropdown filled with the builder's own credential (n8n's resource
 * locator: "From List", "By ID", and "By URL" when `urlPattern` is declared). The schema is here
 * beside its cross-reference rules, which need the whole connector.
 */
import { z } from 'zod/v4';
import { placeholdersOf } from '../template/parse';
import { key, nonEmpty } from './primitives';
import type { DefinitionProblem } from './issues';
import type { ConnectorDefinition } from './types';

export const optionsFromSchema = z
	.strictObject({
		endpoint: key.describe('Key of the endpoint (of this connector) that lists the choices, e.g. "listFolders".'),
		value: nonEmpty.default('id').describe('Dot path of the value in each listed record, e.g. "id".'),
		label: nonEmpty.default('name').describe('Dot path of the label shown in the dropdown, e.g. "name" or "profile.displayName".'),
		description: nonEmpty.optional().describe('Dot path of a text shown under the label, e.g. "path".'),
		search: key
			.optional()
			.describe('Input of the listing endpoint that receives the text typed into the dropdown; without it the listed labels are filtered by that text.'),
		inputs: z
			.record(key, z.string())
			.default({})
			.describe('Inputs of the listing endpoint, as templates over this endpoint\'s inputs, e.g. { "workspaceId": "{{ inputs.workspaceId }}" }.'),
		urlPattern: nonEmpty
			.optional()
			.describe('Regular expression matching a link to a record in the app; its first group is the value. Adds "By URL" to the dropdown, e.g. "^https://docs\\\\.example\\\\.com/folders/([^/?#]+)".'),
		urlPlaceholder: z.string().optional().describe('Example link shown in the "By URL" field.'),
	})
	.describe('Fill this input from another endpoint: a searchable dropdown in the nodes, paged when the listing endpoint paginates.');

/** The first group of `pattern` in `url`, or undefined when the link does not match. */
export function valueFromUrl(pattern: string, url: string): string | undefined {
	const match = new RegExp(pattern).exec(url.trim());
	return match?.[1] ? match[1] : undefined;
}

/** Cross-references: the listing endpoint, its inputs, the templates, the URL pattern. */
export function optionsFromProblems(definition: ConnectorDefinition): DefinitionProblem[] {
	const problems: DefinitionProblem[] = [];
	const endpoints = new Map(definition.endpoints.map((endpoint) => [endpoint.key, endpoint]));
	definition.endpoints.forEach((endpoint, e) => {
		const own = new Set(endpoint.inputs.map((input) => input.name));
		endpoint.inputs.forEach((input, i) => {
			const from = input.optionsFrom;
			if (!from) return;
			const at = (...rest: Array<string | number>) => `/endpoints/${e}/inputs/${i}/optionsFrom${rest.map((part) => `/${part}`).join('')}`;
			const source = endpoints.get(from.endpoint);
			if (!source) {
				problems.push({ path: at('endpoint'), message: `there is no endpoint "${from.endpoint}"; the endpoints are ${[...endpoints.keys()].join(', ')}` });
				return;
			}
			if (source.key === endpoint.key) problems.push({ path: at('endpoint'), message: 'an input cannot take its choices from its own endpoint' });
			if (source.method !== 'GET') problems.push({ path: at('endpoint'), message: `"${source.key}" is a ${source.method} endpoint; choices are listed with GET endpoints only` });
			if (source.response.format !== 'json') problems.push({ path: at('endpoint'), message: `"${source.key}" does not answer JSON` });
			const sourceInputs = new Set(source.inputs.map((candidate) => candidate.name));
			if (from.search && !sourceInputs.has(from.search)) {
				problems.push({ path: at('search'), message: `"${source.key}" has no input "${from.search}"` });
			}
			for (const [name, template] of Object.entries(from.inputs)) {
				if (!sourceInputs.has(name)) problems.push({ path: at('inputs', name), message: `"${source.key}" has no input "${name}"` });
				try {
					for (const placeholder of placeholdersOf(template)) {
						const used = String(placeholder.path[0] ?? '');
						if (placeholder.root !== 'inputs' && placeholder.root !== 'settings') {
							problems.push({ path: at('inputs', name), message: `${placeholder.source}: choices can read inputs and settings only, not the item (there is none in the editor)` });
						} else if (placeholder.root === 'inputs' && !own.has(used)) {
							problems.push({ path: at('inputs', name), message: `${placeholder.source}: endpoint "${endpoint.key}" has no input "${used}"` });
						}
					}
				} catch (error) {
					problems.push({ path: at('inputs', name), message: error instanceof Error ? error.message : String(error) });
				}
			}
			if (from.urlPattern !== undefined) {
				try {
					if (new RegExp(`${from.urlPattern}|`).exec('')?.length === 1) {
						problems.push({ path: at('urlPattern'), message: 'must have a group, e.g. "/folders/([^/]+)": its first group is the value' });
					}
				} catch {
					problems.push({ path: at('urlPattern'), message: 'is not a valid regular expression' });
				}
			}
		});
	});
	return problems;
}
