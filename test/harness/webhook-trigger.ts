/**
 * Runs a webhook trigger node the way n8n does, with n8n-core's own contexts on one Workflow
 * object (so the node's static data persists):
 *   activate()    HookContext: checkExists, then create when it answered false (what n8n's webhook
 *                 service does on activation; mode 'manual' is the editor's "Listen for test event")
 *   deactivate()  HookContext: delete
 *   deliver()     WebhookContext with a request that carries the raw bytes (req.rawBody), as n8n's
 *                 body parser leaves it, and a response that records what the node answered
 *
 *   const trigger = createWebhookTrigger({ nodeTypes: [MyTrigger], node: { type: 'myTrigger', parameters } });
 *   await trigger.activate();
 *   const result = await trigger.deliver({ body: '{"id":1}', headers: { 'x-signature': '...' } });
 */
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	IHookFunctions,
	IWebhookData,
	IWebhookFunctions,
	IWebhookResponseData,
	NodeParameterValueType,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { activeTriggerWorkflow, type TriggerWorkflowOptions } from './active-workflow';
import { harnessAdditionalData } from './run-workflow';

export interface Delivery {
	body: string | Buffer;
	headers?: Record<string, string>;
}

export interface DeliveryResult {
	/** What the node returned: workflowData means an execution starts. */
	returned: IWebhookResponseData;
	/** A status the node answered itself (401, 413, ...), with its JSON body. */
	status?: number;
	body?: unknown;
}

export interface WebhookTrigger {
	/** checkExists, then create when needed; returns the calls made, in order. */
	activate(mode?: WorkflowExecuteMode): Promise<string[]>;
	deactivate(mode?: WorkflowExecuteMode): Promise<boolean>;
	deliver(delivery: Delivery, mode?: WorkflowExecuteMode): Promise<DeliveryResult>;
	staticData(): IDataObject;
	/** The URL n8n gives the node (production, or the editor's test URL in manual mode). */
	webhookUrl(mode?: WorkflowExecuteMode): string;
	/** Changes a node parameter, as saving the workflow in the editor does. */
	setParameter(name: string, value: NodeParameterValueType): void;
}

/** A response object that records status and body, like express's. */
function recordingResponse() {
	const recorded: { status?: number; body?: unknown } = {};
	const response = {
		status(code: number) {
			recorded.status = code;
			return response;
		},
		json(body: unknown) {
			recorded.body = body;
			return response;
		},
		send(body: unknown) {
			recorded.body = body;
			return response;
		},
		end() {
			return response;
		},
	};
	return { response, recorded };
}

function request(delivery: Delivery) {
	const rawBody = Buffer.isBuffer(delivery.body) ? delivery.body : Buffer.from(delivery.body);
	const headers = Object.fromEntries(Object.entries(delivery.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
	let body: unknown = {};
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		// n8n leaves a body it cannot parse unparsed; the raw bytes are still there.
	}
	return { headers, body, rawBody, header: (name: string) => headers[name.toLowerCase()], params: {}, query: {} };
}

export function createWebhookTrigger(options: TriggerWorkflowOptions): WebhookTrigger {
	const { helper, node, workflowData, workflow, type } = activeTriggerWorkflow(options, 'harness-webhook-workflow');
	const description = type.description.webhooks?.find((webhook) => webhook.name === 'default');
	if (!description) throw new Error(`${node.type} has no default webhook`);

	const additional = (overrides = {}) => {
		const executionId = randomUUID();
		return harnessAdditionalData(helper, new ExecutionLifecycleHooks('webhook', executionId, workflowData), executionId, workflowData.id, overrides);
	};
	const webhookData = (additionalData: ReturnType<typeof additional>, mode: WorkflowExecuteMode): IWebhookData => ({
		httpMethod: 'POST',
		node: node.name,
		path: `${node.webhookId}/${description.path}`,
		webhookDescription: description,
		workflowId: workflowData.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: mode === 'manual',
	});
	const hook = (mode: WorkflowExecuteMode) => {
		const additionalData = additional();
		const activation: WorkflowActivateMode = mode === 'manual' ? 'manual' : 'activate';
		return new HookContext(workflow, node, additionalData, mode, activation, webhookData(additionalData, mode)) as unknown as IHookFunctions;
	};
	const methods = type.webhookMethods?.default;
	if (!methods || !type.webhook) throw new Error(`${node.type} is not a webhook trigger`);

	return {
		async activate(mode = 'trigger') {
			const calls = ['checkExists'];
			if (!(await methods.checkExists.call(hook(mode)))) {
				calls.push('create');
				await methods.create.call(hook(mode));
			}
			return calls;
		},
		async deactivate(mode = 'trigger') {
			return await methods.delete.call(hook(mode));
		},
		async deliver(delivery, mode = 'webhook') {
			const { response, recorded } = recordingResponse();
			const additionalData = additional({ httpRequest: request(delivery), httpResponse: response } as never);
			const context = new WebhookContext(workflow, node, additionalData, mode, webhookData(additionalData, mode), [], null);
			const returned = await type.webhook!.call(context as unknown as IWebhookFunctions);
			return { returned, ...recorded };
		},
		staticData: () => workflow.getStaticData('node', node),
		webhookUrl: (mode = 'trigger') => hook(mode).getNodeWebhookUrl('default') as string,
		setParameter: (name, value) => {
			node.parameters[name] = value;
		},
	};
}
