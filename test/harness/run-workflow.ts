/**
 * Runs a real workflow through n8n-core's WorkflowExecute: Trigger -> node [-> next].
 *
 *   const { items, error, preAuthCalls } = await runWorkflow({
 *     nodeTypes: [EchoHttp],
 *     credentialTypes: [MyApi],
 *     credentials: [{ id: '1', type: 'myApi', data: { apiKey: 'k' } }],
 *     node: { type: 'echoHttp', parameters: { url: 'https://api.test/x' } },
 *     items: [{ id: 1 }, { id: 2 }],
 *   });
 *
 * Items are pinned on the trigger in manual mode; in production modes ('trigger', 'webhook') they
 * start the execution as the trigger's input, the way a webhook request does.
 */
import { resetOAuth2Tokens } from '../../nodes/shared/oauth2-access';
import { resetHubCache } from '../../nodes/shared/hub/client';
import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IPinData,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowExecutionDataProcess,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, UnexpectedError, Workflow } from 'n8n-workflow';

import type { CredentialTypeInput, PreAuthCall, StoredCredential } from './credentials-helper';
import { InMemoryCredentialsHelper } from './credentials-helper';
import { MANUAL_TRIGGER_TYPE, ManualTrigger } from './ManualTrigger.node';

export type NodeTypeInput = INodeType | IVersionedNodeType | (new () => INodeType | IVersionedNodeType);

/** A node of the workflow under test; anything of INode may be set (retryOnFail, onError, ...). */
export interface HarnessNode extends Partial<Omit<INode, 'credentials'>> {
	/** Node type name as registered: the description's `name`. */
	type: string;
	parameters?: INodeParameters;
	/**
	 * By credential type: `{ id, name }`, or just the stored credential's id.
	 * Omitted: every stored credential whose type the node declares is attached.
	 */
	credentials?: Record<string, { id: string; name?: string } | string>;
}

export interface RunWorkflowOptions {
	/** Node types to register (classes or instances); the manual trigger is always registered. */
	nodeTypes: NodeTypeInput[];
	/** The node under test, fed by the trigger. Named after the type's default name unless `name` is set. */
	node: HarnessNode;
	/** Optional second node, fed by the first one's main output 0. */
	next?: HarnessNode;
	/** Input items (json objects, or full execution items to control binary/pairedItem). */
	items?: Array<IDataObject | INodeExecutionData>;
	/** 'manual' (default) or a production mode such as 'trigger' or 'webhook'. */
	mode?: WorkflowExecuteMode;
	credentialTypes?: CredentialTypeInput[];
	credentials?: StoredCredential[];
	/**
	 * Reuse a helper across runs (e.g. to see a token stored by one execution used by the next).
	 * `credentialTypes` and `credentials` are added to it. Without one, a run is a fresh n8n
	 * instance: new credential store, and the package's in-process OAuth2 token and hub caches emptied.
	 */
	credentialsHelper?: InMemoryCredentialsHelper;
	/** Overrides for the execution's additional data. */
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
}

export interface RunWorkflowResult {
	/** The node under test's main output 0 (empty when it failed without continueOnFail). */
	items: INodeExecutionData[];
	/** All main outputs of the node under test. */
	outputs: INodeExecutionData[][];
	/** The `next` node's main output 0, if one was given. */
	nextItems?: INodeExecutionData[];
	/** The run's error, a plain object (name, message, description, httpCode, node, ...). */
	error?: IDataObject;
	/** The error recorded on the node under test, a plain object. */
	nodeError?: IDataObject;
	runData: IRunData;
	/** How many times credential types' preAuthentication ran in this run. */
	preAuthCalls: number;
	/** Those calls in detail (type, credential id, whether n8n-core said the credentials expired). */
	preAuthCallDetails: PreAuthCall[];
	credentialsHelper: InMemoryCredentialsHelper;
	run: IRun;
}

export const TRIGGER_NAME = 'Trigger';

const BASE_URL = 'http://localhost:5678';

const isExecutionItem = (item: IDataObject | INodeExecutionData): item is INodeExecutionData =>
	typeof item.json === 'object' && item.json !== null && !Array.isArray(item.json);

/** Run data already holds errors as plain objects (spread copies of the thrown errors). */
const asObject = (value: unknown): IDataObject | undefined =>
	value === undefined || value === null ? undefined : (value as IDataObject);

export class HarnessNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, INodeType | IVersionedNodeType>();

	constructor(inputs: NodeTypeInput[]) {
		for (const input of [ManualTrigger, ...inputs]) {
			const type = typeof input === 'function' ? new input() : input;
			this.byName.set(type.description.name, type);
		}
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.byName.get(nodeType);
		if (!type) throw new UnexpectedError(`Node type "${nodeType}" is not registered in the harness`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

function defaultVersion(type: INodeType | IVersionedNodeType): number {
	const { version } = type.description as { version?: number | number[] };
	if ('nodeVersions' in type) return type.currentVersion;
	return Array.isArray(version) ? Math.max(...version) : (version ?? 1);
}

export function buildNode(
	spec: HarnessNode,
	nodeTypes: HarnessNodeTypes,
	helper: InMemoryCredentialsHelper,
	position: [number, number],
	fallbackName: string,
): INode {
	const { credentials, parameters, ...rest } = spec;
	const type = nodeTypes.getByName(spec.type);
	const typeVersion = spec.typeVersion ?? defaultVersion(type);
	const description = nodeTypes.getByNameAndVersion(spec.type, typeVersion).description;

	let nodeCredentials: INodeCredentials | undefined;
	if (credentials) {
		nodeCredentials = {};
		for (const [credentialType, ref] of Object.entries(credentials)) {
			const id = typeof ref === 'string' ? ref : ref.id;
			const name = typeof ref === 'string' ? undefined : ref.name;
			nodeCredentials[credentialType] = { id, name: name ?? id };
		}
	} else {
		const declared = new Set((description.credentials ?? []).map((credential) => credential.name));
		for (const stored of helper.listCredentials()) {
			if (!declared.has(stored.type)) continue;
			nodeCredentials ??= {};
			nodeCredentials[stored.type] ??= { id: stored.id, name: stored.name ?? stored.id };
		}
	}

	return {
		id: randomUUID(),
		name: spec.name ?? (description.defaults.name as string | undefined) ?? fallbackName,
		position,
		...rest,
		type: spec.type,
		typeVersion,
		parameters: parameters ?? {},
		...(nodeCredentials ? { credentials: nodeCredentials } : {}),
	};
}

/** Additional data of an execution: absolute URLs everywhere, what the harness cannot do throws. */
export function harnessAdditionalData(
	helper: InMemoryCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	workflowId: string,
	overrides: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not supported by the test harness`);
	};
	return {
		credentialsHelper: helper,
		hooks,
		executionId,
		workflowId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: unsupported('executeWorkflow'),
		startRunnerTask: unsupported('startRunnerTask'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		...overrides,
	};
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	const mode = options.mode ?? 'manual';
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);

	const helper = options.credentialsHelper ?? new InMemoryCredentialsHelper();
	if (!options.credentialsHelper) {
		resetOAuth2Tokens();
		resetHubCache();
	}
	for (const type of options.credentialTypes ?? []) helper.addCredentialType(type);
	for (const credential of options.credentials ?? []) helper.addCredential(credential);
	const preAuthCallsBefore = helper.preAuthCalls.length;

	const trigger: INode = {
		id: randomUUID(),
		name: TRIGGER_NAME,
		type: MANUAL_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node = buildNode(options.node, nodeTypes, helper, [200, 0], 'Node');
	if (node.name === TRIGGER_NAME) throw new UnexpectedError(`"${TRIGGER_NAME}" is reserved for the harness trigger`);
	const nodes = [trigger, node];
	const connections: IConnections = {
		[TRIGGER_NAME]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
	};
	let nextNode: INode | undefined;
	if (options.next) {
		nextNode = buildNode(options.next, nodeTypes, helper, [400, 0], 'Next');
		if (nextNode.name === node.name) nextNode.name = `${nextNode.name} 2`;
		nodes.push(nextNode);
		connections[node.name] = { main: [[{ node: nextNode.name, type: 'main', index: 0 }]] };
	}

	const items: INodeExecutionData[] = (options.items ?? [{}]).map((item, index) =>
		isExecutionItem(item) ? item : { json: item, pairedItem: { item: index } },
	);

	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
		staticData: {},
	});

	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	// WorkflowExecute.run() can settle before the run is recorded: wait for this hook too.
	let recorded!: (run: IRun) => void;
	const afterHook = new Promise<IRun>((resolve) => (recorded = resolve));
	hooks.addHandler('workflowExecuteAfter', async (run) => recorded(run));

	const additionalData = harnessAdditionalData(helper, hooks, executionId, workflowData.id, options.additionalData);

	let pinData: IPinData | undefined;
	let triggerToStartFrom: IWorkflowExecutionDataProcess['triggerToStartFrom'];
	if (mode === 'manual') {
		pinData = { [TRIGGER_NAME]: items };
	} else {
		triggerToStartFrom = {
			name: TRIGGER_NAME,
			data: { startTime: Date.now(), executionTime: 0, executionIndex: 0, source: [], data: { main: [items] } },
		};
	}

	const execution = new WorkflowExecute(additionalData, mode);
	const returned = await execution.run({ workflow, startNode: trigger, pinData, triggerToStartFrom });
	const run = (await afterHook) ?? returned;

	const runData = run.data.resultData.runData;
	const taskData = runData[node.name]?.[0];
	const outputs = (taskData?.data?.main ?? []).map((output) => output ?? []);
	const preAuthCallDetails = helper.preAuthCalls.slice(preAuthCallsBefore);
	return {
		items: outputs[0] ?? [],
		outputs,
		nextItems: nextNode ? (runData[nextNode.name]?.[0]?.data?.main?.[0] ?? []) : undefined,
		error: asObject(run.data.resultData.error),
		nodeError: asObject(taskData?.error),
		runData,
		preAuthCalls: preAuthCallDetails.length,
		preAuthCallDetails,
		credentialsHelper: helper,
		run,
	};
}
