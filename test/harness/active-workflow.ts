/**
 * A one-node active workflow around a trigger, as n8n holds it while the workflow is active: one
 * Workflow object, so the node's static data persists between polls, hooks and deliveries.
 * Shared by the poller and the webhook-trigger harnesses.
 */
import { randomUUID } from 'node:crypto';
import type { INode } from 'n8n-workflow';
import { type CredentialTypeInput, InMemoryCredentialsHelper, type StoredCredential } from './credentials-helper';
import { oneNodeWorkflow } from './one-node-workflow';
import { buildNode, type HarnessNode, HarnessNodeTypes, type NodeTypeInput } from './run-workflow';

export interface TriggerWorkflowOptions {
	nodeTypes: NodeTypeInput[];
	node: HarnessNode;
	credentialTypes?: CredentialTypeInput[];
	credentials?: StoredCredential[];
}

export function activeTriggerWorkflow(options: TriggerWorkflowOptions, id: string) {
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const helper = new InMemoryCredentialsHelper(options.credentialTypes ?? [], options.credentials ?? []);
	// Every webhook node gets its webhookId when added in the editor; n8n builds its URL from it.
	const node: INode = { ...buildNode(options.node, nodeTypes, helper, [0, 0], 'Trigger Node'), webhookId: randomUUID() };
	const { workflowData, workflow } = oneNodeWorkflow(node, nodeTypes, { id, name: `Harness ${id}`, active: true });
	const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	return { helper, node, workflowData, workflow, type };
}
