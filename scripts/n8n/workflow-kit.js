/* global URL */
/**
 * Small builders for n8n workflow and credential JSON as `n8n import:workflow` and
 * `n8n import:credentials` read them. Used by the demo (scripts/n8n/demo/content.js) and the
 * end-to-end tests (e2e/).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { PROJECT, PACKAGE_NAME } = require('./package');

const NODE_TYPE = `${PACKAGE_NAME}.dataConnector`;

/** A credential for import: plain data, n8n encrypts it. */
const credential = (id, name, type, data) => ({ id, name, type, data });

/** The reference a node keeps to a credential. */
const credentialRef = (cred) => ({ [cred.type]: { id: cred.id, name: cred.name } });

const uuid = (seed) => {
	const hex = crypto.createHash('sha256').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** Every node gets an id; name and position as given. */
function node(name, type, typeVersion, parameters, extra = {}) {
	return { parameters, id: uuid(`${name}:${type}`), name, type, typeVersion, position: [0, 0], ...extra };
}

const manualTrigger = (name = 'When clicking ‘Execute workflow’') => node(name, 'n8n-nodes-base.manualTrigger', 1, {});

/** A Code node that returns `items` (an array of JSON objects), or runs `jsCode` as written. */
function code(name, { items, jsCode } = {}) {
	const source = jsCode ?? `return ${JSON.stringify(items, null, 2)}.map((json) => ({ json }));`;
	return node(name, 'n8n-nodes-base.code', 2, { jsCode: source });
}

/** A Set node ("Edit Fields") whose fields are `{ name: '={{ expression }}' }`. */
function setFields(name, fields, { includeOtherFields = false } = {}) {
	return node(name, 'n8n-nodes-base.set', 3.4, {
		assignments: {
			assignments: Object.entries(fields).map(([field, value]) => ({
				id: uuid(`${name}:${field}`),
				name: field,
				value,
				type: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string',
			})),
		},
		includeOtherFields,
		options: {},
	});
}

function webhook(name, { path: webhookPath, method = 'GET' }) {
	return node(
		name,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: method, path: webhookPath, responseMode: 'lastNode', options: {} },
		{ webhookId: uuid(`webhook:${webhookPath}`) },
	);
}

const stickyNote = (name, content, { width = 420, height = 260 } = {}) =>
	node(name, 'n8n-nodes-base.stickyNote', 1, { content, width, height });

let catalog;
/** The packaged connectors and the node's resource-mapper fields, from the built package. */
function builtCatalog() {
	if (!catalog) {
		const { packagedCatalog } = require(path.join(PROJECT, 'dist', 'nodes', 'shared', 'catalog.js'));
		const { inputFields } = require(path.join(PROJECT, 'dist', 'nodes', 'DataConnector', 'methods.js'));
		catalog = { connectors: packagedCatalog(), inputFields };
	}
	return catalog;
}

/**
 * A Data Connector node. `inputs`: { inputName: value or '={{ expression }}' } ("Map Each Input
 * Manually"), or 'auto' ("Map Automatically"). `fields`: the endpoint's inputs for the editor's
 * resource mapper; taken from the packaged connector when not given (registry connectors: pass them).
 */
function dataConnector(name, { connector, endpoint, inputs = {}, credential: cred, hub, options = {}, authentication, fields, type = NODE_TYPE, extra = {} }) {
	let schema = fields;
	if (!schema) {
		const definition = builtCatalog().connectors.get(connector);
		const declared = definition?.endpoints.find((candidate) => candidate.key === endpoint)?.inputs ?? [];
		schema = builtCatalog().inputFields(declared);
	}
	const parameters = {
		mode: 'connector',
		connector,
		endpoint,
		...(authentication ? { authentication } : {}),
		inputs: {
			mappingMode: inputs === 'auto' ? 'autoMapInputData' : 'defineBelow',
			value: inputs === 'auto' ? {} : inputs,
			matchingColumns: [],
			schema: schema.map((field) => ({ ...field, removed: false })),
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
		options,
	};
	// `hub`: the Data Connector Hub credential, for connectors that are not packaged.
	const credentials = { ...(cred ? credentialRef(cred) : {}), ...(hub ? credentialRef(hub) : {}) };
	return node(name, type, 1, parameters, { ...(Object.keys(credentials).length ? { credentials } : {}), ...extra });
}

/**
 * A workflow. `nodes` are laid out left to right in the order given unless they have a position;
 * `links` are [from, to] node-name pairs on the main output.
 */
function workflow({ id, name, nodes, links = [], active = false, description }) {
	const laidOut = [];
	let column = 0;
	for (const item of nodes) {
		if (item.type === 'n8n-nodes-base.stickyNote') {
			laidOut.push({ ...item, position: item.position[0] || item.position[1] ? item.position : [-60, -340] });
			continue;
		}
		laidOut.push({ ...item, position: item.position[0] || item.position[1] ? item.position : [column * 240, 0] });
		column++;
	}
	const connections = {};
	for (const [from, to, outputIndex = 0] of links) {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= outputIndex) connections[from].main.push([]);
		connections[from].main[outputIndex].push({ node: to, type: 'main', index: 0 });
	}
	return {
		id,
		name,
		active,
		...(description ? { description } : {}),
		nodes: laidOut,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		versionId: uuid(`${id}:${JSON.stringify(laidOut)}:${JSON.stringify(connections)}`),
	};
}

/** A linear chain of node names: [a, b, c] -> [[a, b], [b, c]]. */
const chain = (...names) => names.slice(1).map((to, index) => [names[index], to]);

/** Writes each object to `<folder>/<id>.json` (the --separate import layout). */
function writeSeparate(folder, objects) {
	fs.rmSync(folder, { recursive: true, force: true });
	fs.mkdirSync(folder, { recursive: true });
	for (const object of objects) fs.writeFileSync(path.join(folder, `${object.id}.json`), `${JSON.stringify(object, null, 2)}\n`);
}

const origin = (url) => new URL(url).origin;

module.exports = {
	NODE_TYPE,
	credential,
	credentialRef,
	node,
	manualTrigger,
	code,
	setFields,
	webhook,
	stickyNote,
	dataConnector,
	workflow,
	chain,
	writeSeparate,
	builtCatalog,
	origin,
};
