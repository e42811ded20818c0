/**
 * The generated per-connector nodes, discovered from the built package: every action node (not a
 * trigger) under dist/nodes/generated/ that package.json's `n8n.nodes` lists. Their parameters are
 * read from the node's own description (operation, one parameter per input shown for that operation,
 * optional inputs in "Additional Fields"), so the tests follow whatever the generator emits.
 */
const path = require('path');
const { PROJECT, PACKAGE_NAME } = require('../../scripts/n8n/package');

const GENERIC_NODE = 'dist/nodes/DataConnector/DataConnector.node.js';

/** [{ type, name, displayName, file, description, credentialType }] */
function generatedNodes() {
	const manifest = require(path.join(PROJECT, 'package.json'));
	return (manifest.n8n?.nodes ?? [])
		.filter((file) => file !== GENERIC_NODE && file.includes('/generated/'))
		.map((file) => {
			const exported = require(path.join(PROJECT, file));
			const NodeClass = Object.values(exported).find((value) => typeof value === 'function');
			const { description } = new NodeClass();
			return {
				type: `${PACKAGE_NAME}.${description.name}`,
				name: description.name,
				displayName: description.displayName,
				file,
				description,
				credentialType: description.credentials?.[0]?.name,
			};
		})
		.filter((node) => !node.description.polling && !(node.description.group ?? []).includes('trigger') && node.name !== 'dataConnector');
}

const shownFor = (property, operation) => {
	const show = property.displayOptions?.show?.operation;
	return Array.isArray(show) && show.includes(operation);
};

/**
 * Node parameters for one operation with the given input values ({ inputName: value }), placed
 * where the description puts each input: a parameter named like the input (or `<operation>_<input>`),
 * or an option of the operation's "Additional Fields".
 */
function operationParameters(description, operation, values, options = {}) {
	const parameters = { operation, options };
	const properties = description.properties.filter((property) => shownFor(property, operation));
	const additional = properties.find((property) => property.name === 'additionalFields');
	for (const [input, value] of Object.entries(values)) {
		const names = [input, `${operation}_${input}`];
		const direct = properties.find((property) => names.includes(property.name));
		if (direct) {
			parameters[direct.name] = value;
			continue;
		}
		const option = additional?.options?.find((property) => names.includes(property.name));
		if (!option) throw new Error(`${description.displayName}: operation "${operation}" has no parameter for input "${input}"`);
		parameters.additionalFields = { ...(parameters.additionalFields ?? {}), [option.name]: value };
	}
	return parameters;
}

/** The operations a generated node offers (values of its Operation parameter). */
function operations(description) {
	return description.properties.find((property) => property.name === 'operation')?.options?.map((option) => option.value) ?? [];
}

module.exports = { generatedNodes, operationParameters, operations };
