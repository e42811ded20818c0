import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export const MANUAL_TRIGGER_TYPE = 'harnessManualTrigger';

/**
 * Test-only stand-in for n8n's Manual Trigger (n8n-nodes-base is not installed).
 *
 * How items reach the next node:
 * - manual mode: the harness pins the input items on this node; n8n-core then uses the pinned
 *   data and never calls `trigger()`.
 * - production modes ('trigger', 'webhook'): the harness puts the items on the execution stack as
 *   the trigger's input, and n8n-core passes a trigger's input through unchanged in those modes
 *   (the way a webhook's request becomes its output).
 * - manual mode without pinned data: `trigger()` emits the `items` parameter (default: one empty
 *   item), like clicking "Execute workflow" on a manual trigger.
 */
export class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Manual Trigger',
		name: MANUAL_TRIGGER_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Test-only trigger that emits its input items',
		defaults: { name: 'Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items',
				name: 'items',
				type: 'json',
				default: '[{}]',
				description: 'Items emitted when no data is pinned',
			},
		],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const raw = this.getNodeParameter('items', '[{}]') as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		const emitItems = () => this.emit([this.helpers.returnJsonArray(items)]);
		return { manualTriggerFunction: async () => emitItems() };
	}
}
