/**
 * A workflow holding one node, as n8n stores it (IWorkflowBase) and as it runs it (Workflow), for
 * harnesses that drive a node outside a whole execution: active triggers and list searches.
 */
import type { INode, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import type { HarnessNodeTypes } from './run-workflow';

export function oneNodeWorkflow(node: INode, nodeTypes: HarnessNodeTypes, { id, name, active }: { id: string; name: string; active: boolean }) {
	const settings = { executionOrder: 'v1' as const };
	const workflowData: IWorkflowBase = {
		id,
		name,
		active,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node],
		connections: {},
		settings,
	};
	// Static data starts empty and persists in this object between polls, hooks and deliveries.
	const workflow = new Workflow({ id, name, nodes: [node], connections: {}, active, nodeTypes, settings, staticData: {} });
	return { workflowData, workflow };
}
