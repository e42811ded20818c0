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
import type { IDataObject, INodeExecutionData, IPollFunctions, WorkflowExecuteMode } from 'n8n-workflow';
import { activeTriggerWorkflow, type TriggerWorkflowOptions } from './active-workflow';
import { harnessAdditionalData } from './run-workflow';

export interface Poller {
	poll(mode?: WorkflowExecuteMode): Promise<INodeExecutionData[][] | null>;
	staticData(): IDataObject;
}

export function createPoller(options: TriggerWorkflowOptions): Poller {
	const { helper, node, workflowData, workflow, type } = activeTriggerWorkflow(options, 'harness-poll-workflow');
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
