/**
 * How the connector form is laid out: which fields of the schema go in which section (any field
 * not named here lands in "Other", so a new field of the format is never left out), and the few
 * fields that get a tuned control. The schema decides the controls; nothing here says what is valid.
 */
import { getAt } from './dom.js';
import { sampleDataField } from './fields.js';

export const CONNECTOR_SECTIONS = [
	{ title: 'General', names: ['name', 'key', 'description', 'categories', 'tags', 'icon', 'baseUrl'] },
	{
		title: 'Authentication',
		intro: 'How requests prove who sends them. The secrets themselves are never part of a connector: builders keep them in an n8n credential.',
		names: ['auth', 'verifyTls'],
	},
	{ title: 'Headers and settings', intro: 'Sent with, or readable by, every endpoint.', names: ['headers', 'settings'] },
	{ title: 'Reliability', names: ['timeoutMs', 'retry', 'rateLimit'] },
	{ title: 'Webhooks (instant trigger)', names: ['webhooks'] },
];
export const CONNECTOR_HIDDEN = new Set(['$schema', 'status', 'version', 'endpoints']);

export const ENDPOINT_SECTIONS = [
	{ title: 'Operation', names: ['name', 'purpose', 'key', 'description', 'method', 'path'] },
	{ title: 'Inputs', intro: 'What builders fill in on the node. Use an input as {{ inputs.<name> }} in the path, query, headers or body.', names: ['inputs'] },
	{ title: 'Query and headers', names: ['query', 'headers'] },
	{ title: 'Body', names: ['body', 'sendBody'] },
	{ title: 'Sample data and response', intro: 'Sample values make a valid test call; the sample response documents what the API answers.', names: ['sampleData', 'sampleResponse'] },
	{ title: 'Response', names: ['response'] },
	{ title: 'Errors', intro: "Your message for each error status: builders see it instead of the API's raw answer.", names: ['errors'] },
	{
		title: 'Pagination and polling',
		intro:
			'Pagination: when a list comes one page at a time, say how the API pages; the node fetches every page and outputs the records of all of them. Polling: lets the Data Connector Trigger start a workflow for each new record; say which fields identify a record (key fields) or which field only grows (cursor field).',
		names: ['pagination', 'poll'],
	},
	{ title: 'Advanced', names: ['idempotent', 'idempotencyKeyHeader', 'retry', 'timeoutMs', 'crossOriginRedirects'] },
];

/** Options for the field at `path` of the connector being edited (state: the editor's). */
export function fieldOptions(state, path) {
	const name = path[path.length - 1];
	if (path.length === 1 && name === 'key') return { readOnlyValue: Boolean(state.key), help: state.key ? 'The key cannot change once saved: workflows store it. Duplicate the connector to use another key.' : undefined };
	if (path.length === 1 && name === 'settings') return { keyLabel: 'Setting', valueLabel: 'Value' };
	if (name === 'errors' && path[0] === 'endpoints') return { keyLabel: 'Status', valueLabel: 'Message', keyPlaceholder: '404' };
	if (name === 'sampleData') return { render: sampleDataField, help: 'Example input values that make a valid test call; the test panel uses them for inputs left empty.' };
	if (name === 'sampleResponse') return { rows: 6 };
	if (path[path.length - 3] === 'inputs') {
		// An input shows the fields its type uses (a value set anyway stays visible, to be fixed or removed).
		const input = getAt(state.doc, path.slice(0, -1)) ?? {};
		const type = input.type ?? 'string';
		if (name === 'type') return { structural: true };
		if (((name === 'min' || name === 'max') && type !== 'number' && input[name] === undefined) || (name === 'options' && type !== 'options' && input.options === undefined)) {
			return { render: () => undefined };
		}
	}
	if (name === 'default' && path.includes('inputs')) return { kind: 'scalar', loose: true, help: 'Value used when none is given: text, or JSON for numbers, true/false and lists.' };
	if (name === 'value' && path[path.length - 2] === 'body' && getAt(state.doc, [...path.slice(0, -1), 'type']) === 'json') return { rows: 6 };
	return {};
}
