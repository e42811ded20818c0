/**
 * Calls a node's list-search method (a resource locator's "From List") or a parameter's option list the way the n8n server does
 * for the editor: n8n-core's LoadOptionsContext on a workflow holding the node, the node's current
 * parameters as `currentNodeParameters`, and the parameter's path for relative ("&") lookups.
 */
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodeParameters, INodePropertyOptions } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';
import { type CredentialTypeInput, InMemoryCredentialsHelper, type StoredCredential } from './credentials-helper';
import { oneNodeWorkflow } from './one-node-workflow';
import { buildNode, harnessAdditionalData, type HarnessNode, HarnessNodeTypes, type NodeTypeInput } from './run-workflow';

export interface ListSearchOptions {
	nodeTypes: NodeTypeInput[];
	node: HarnessNode & { parameters: INodeParameters };
	credentialTypes?: CredentialTypeInput[];
	credentials?: StoredCredential[];
	/** The list-search method's name, as in the parameter's `searchListMethod`. */
	method: string;
	/** The parameter's path as the editor sends it, e.g. "parameters.folderId". */
	path: string;
	filter?: string;
	paginationToken?: string;
}

function editorContext(options: ListSearchOptions) {
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const helper = new InMemoryCredentialsHelper(options.credentialTypes ?? [], options.credentials ?? []);
	const node = buildNode(options.node, nodeTypes, helper, [0, 0], 'Node');
	const { workflowData, workflow } = oneNodeWorkflow(node, nodeTypes, { id: 'list-search', name: 'List search', active: false });
	const hooks = new ExecutionLifecycleHooks('internal', randomUUID(), workflowData);
	const additionalData = harnessAdditionalData(helper, hooks, randomUUID(), 'list-search', { currentNodeParameters: options.node.parameters });
	const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	return { type, context: new LoadOptionsContext(workflow, node, additionalData, options.path) };
}

export async function runListSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const { type, context } = editorContext(options);
	const method = type.methods?.listSearch?.[options.method];
	if (!method) throw new UnexpectedError(`Node type "${options.node.type}" has no list search method "${options.method}"`);
	return await method.call(context, options.filter, options.paginationToken);
}

/** A parameter's option list (`loadOptionsMethod`), as the n8n server computes it for the editor. */
export async function runLoadOptions(options: ListSearchOptions): Promise<INodePropertyOptions[]> {
	const { type, context } = editorContext(options);
	const method = type.methods?.loadOptions?.[options.method];
	if (!method) throw new UnexpectedError(`Node type "${options.node.type}" has no load options method "${options.method}"`);
	return await method.call(context);
}
