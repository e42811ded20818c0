/**
 * Polls a trigger node the way n8n's active-workflow manager does: n8n-core's PollContext on one
 * Workflow object, so the node's workflow static data persists from poll to poll.
 *
 *   const poller = createPoller({ nodeTypes: [MyTrigger], node: { type: 'myTrigger', parameters } });
 *   const first = await poller.poll();          // an active workflow's poll ('trigger' mode)
 *   const sample = await poller.poll('manual'); // "Fetch Test Event" in the editor
 */
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, PollContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, IPollFunctions, IWorkflowBase, WorkflowExecuteMode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { type CredentialTypeInput, InMemoryCredentialsHelper, type StoredCredential } from './credentials-helper';
import { buildNode, type HarnessNode, HarnessNodeTypes, harnessAdditionalData, type NodeTypeInput } from './run-workflow';

export interface Poller {
	poll(mode?: WorkflowExecuteMode): Promise<INodeExecutionData[][] | null>;
	staticData(): IDataObject;
}

export function createPoller(options: {
	nodeTypes: NodeTypeInput[];
	node: HarnessNode;
	credentialTypes?: CredentialTypeInput[];
	credentials?: StoredCredential[];
}): Poller {
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const helper = new InMemoryCredentialsHelper();
	for (const type of options.credentialTypes ?? []) helper.addCredentialType(type);
	for (const credential of options.credentials ?? []) helper.addCredential(credential);
	const node = buildNode(options.node, nodeTypes, helper, [0, 0], 'Trigger Node');
	const workflowData: IWorkflowBase = {
		id: 'harness-poll-workflow',
		name: 'Harness poll workflow',
		active: true,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		settings: workflowData.settings,
		staticData: {},
	});
	const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	return {
		async poll(mode: WorkflowExecuteMode = 'trigger') {
			const executionId = randomUUID();
			const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
			const additionalData = harnessAdditionalData(helper, hooks, executionId, workflowData.id);
			const context = new PollContext(workflow, node, additionalData, mode, mode === 'manual' ? 'manual' : 'activate');
			if (!type.poll) throw new Error(`${node.type} is not a polling node`);
			return await type.poll.call(context as unknown as IPollFunctions);
		},
		staticData: () => workflow.getStaticData('node', node),
	};
}
