/**
 * Which workflows use a connector, from n8n's public REST API or from exported workflow files, and
 * the refusal that protects active workflows when a connector would be deleted or set to draft.
 * Pure: the HTTP call (n8n's helper in a node, the CLI transport) and the file reading
 * (workflow-files.ts) are passed in.
 */
import { type ConnectorReference, NodeTypeResolver, type WorkflowNodeLike } from './node-types';

/** A workflow as far as usage is concerned. */
export interface WorkflowSummary {
	id: string;
	name: string;
	active: boolean;
	nodes: WorkflowNodeLike[];
}

export interface UsageSource {
	/** "the n8n API at https://n8n.example.com", "the workflows in ./exports" */
	description: string;
	workflows(): Promise<WorkflowSummary[]>;
}

export class UsageSourceError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageSourceError';
	}
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function toWorkflow(value: Record<string, unknown>, fallbackId: string): WorkflowSummary {
	return {
		id: typeof value.id === 'string' || typeof value.id === 'number' ? String(value.id) : fallbackId,
		name: typeof value.name === 'string' ? value.name : fallbackId,
		// An archived workflow cannot run, whatever its flag says.
		active: value.active === true && value.isArchived !== true,
		nodes: Array.isArray(value.nodes) ? value.nodes.filter(isObject) : [],
	};
}

/**
 * The workflows in one exported JSON document: a single workflow (the editor's download), an array
 * of them (`n8n export:workflow --all`), or an API page (`{ "data": [...] }`). `fallbackId` names a
 * workflow saved without an id (the file name).
 */
export function workflowsIn(document: unknown, fallbackId: string): WorkflowSummary[] {
	const list = Array.isArray(document) ? document : isObject(document) && Array.isArray(document.data) ? document.data : [document];
	return list
		.filter((value): value is Record<string, unknown> => isObject(value) && Array.isArray(value.nodes))
		.map((value, index) => toWorkflow(value, list.length > 1 ? `${fallbackId}#${index + 1}` : fallbackId));
}

// ----- n8n's public REST API -----

/** A GET through whatever carries the API key; the body as text or already parsed. */
export type N8nApiGet = (url: string) => Promise<{ status: number; body: unknown }>;

/** "https://n8n.example.com/" and ".../api/v1" both become "https://n8n.example.com". */
export function n8nBaseUrl(value: string): string {
	const trimmed = value.trim().replace(/\/+$/, '').replace(/\/api\/v1$/, '');
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		throw new UsageSourceError(`"${value}" is not a URL; give the n8n base URL, e.g. https://n8n.example.com`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageSourceError(`"${value}" is not an http(s) URL`);
	return trimmed;
}

const PAGE_SIZE = 250;
const MAX_PAGES = 10_000;

function apiProblem(baseUrl: string, url: string, status: number): string {
	switch (status) {
		case 401:
		case 403:
			return `The n8n API at ${baseUrl} rejected the API key (${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}); check the key (in n8n: Settings > n8n API) and that it may read workflows`;
		case 404:
			return `${url} was not found (404); check the n8n base URL (without /api/v1) and that n8n's public API is enabled`;
		default:
			return `The n8n API at ${baseUrl} answered ${status} to GET ${url}`;
	}
}

/** Every workflow of an n8n instance, page by page (`nextCursor`). */
export function n8nApiSource(baseUrl: string, get: N8nApiGet): UsageSource {
	const base = n8nBaseUrl(baseUrl);
	return {
		description: `the n8n API at ${base}`,
		async workflows() {
			const workflows: WorkflowSummary[] = [];
			const seen = new Set<string>();
			let cursor: string | undefined;
			for (let page = 0; page < MAX_PAGES; page++) {
				const url = `${base}/api/v1/workflows?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
				let answer: { status: number; body: unknown };
				try {
					answer = await get(url);
				} catch (error) {
					throw new UsageSourceError(`Could not reach the n8n API at ${base}: ${error instanceof Error ? error.message : String(error)}`);
				}
				if (answer.status < 200 || answer.status >= 300) throw new UsageSourceError(apiProblem(base, url, answer.status));
				let body = answer.body;
				if (typeof body === 'string') {
					try {
						body = JSON.parse(body) as unknown;
					} catch {
						throw new UsageSourceError(`${url} did not answer with JSON; is ${base} an n8n instance?`);
					}
				}
				if (!isObject(body) || !Array.isArray(body.data)) {
					throw new UsageSourceError(`${url} did not answer with a list of workflows ({ "data": [...] }); is ${base} an n8n instance?`);
				}
				workflows.push(...workflowsIn(body, 'workflow'));
				const next = typeof body.nextCursor === 'string' && body.nextCursor !== '' ? body.nextCursor : undefined;
				if (!next) return workflows;
				if (seen.has(next)) throw new UsageSourceError(`The n8n API at ${base} returned the same page cursor twice; stopped reading workflows`);
				seen.add(next);
				cursor = next;
			}
			throw new UsageSourceError(`The n8n API at ${base} has more than ${MAX_PAGES} pages of workflows; stopped reading`);
		},
	};
}

// ----- what uses a connector -----

export interface UsingNode {
	name: string;
	type: string;
	endpoint?: string;
	disabled: boolean;
}

export interface UsingWorkflow {
	id: string;
	name: string;
	active: boolean;
	nodes: UsingNode[];
}

export interface ConnectorUsage {
	connector: string;
	/** Workflows with at least one node using the connector; active ones first. */
	workflows: UsingWorkflow[];
	/** Endpoint keys in use, sorted. */
	endpoints: string[];
	/** Active workflows in which an enabled node uses the connector: these break if it goes away. */
	activeWorkflows: UsingWorkflow[];
}

function references(workflow: WorkflowSummary, resolver: NodeTypeResolver): Array<{ node: UsingNode; reference: ConnectorReference }> {
	return workflow.nodes.flatMap((node) => {
		const reference = resolver.reference(node);
		if (!reference) return [];
		const using: UsingNode = {
			name: typeof node.name === 'string' ? node.name : '',
			type: String(node.type),
			...(reference.endpointKey ? { endpoint: reference.endpointKey } : {}),
			disabled: node.disabled === true,
		};
		return [{ node: using, reference }];
	});
}

/** Every connector used by `workflows`, with its usage, by connector key. */
export function usageByConnector(workflows: WorkflowSummary[], resolver: NodeTypeResolver): Map<string, ConnectorUsage> {
	const result = new Map<string, ConnectorUsage>();
	for (const workflow of workflows) {
		const byConnector = new Map<string, UsingNode[]>();
		for (const { node, reference } of references(workflow, resolver)) {
			byConnector.set(reference.connectorKey, [...(byConnector.get(reference.connectorKey) ?? []), node]);
		}
		for (const [key, nodes] of byConnector) {
			const usage = result.get(key) ?? { connector: key, workflows: [], endpoints: [], activeWorkflows: [] };
			const using: UsingWorkflow = { id: workflow.id, name: workflow.name, active: workflow.active, nodes };
			usage.workflows.push(using);
			if (workflow.active && nodes.some((node) => !node.disabled)) usage.activeWorkflows.push(using);
			usage.endpoints = [...new Set([...usage.endpoints, ...nodes.flatMap((node) => (node.endpoint ? [node.endpoint] : []))])].sort();
			result.set(key, usage);
		}
	}
	for (const usage of result.values()) {
		usage.workflows.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
		usage.activeWorkflows.sort((a, b) => a.name.localeCompare(b.name));
	}
	return result;
}

export function usageOf(workflows: WorkflowSummary[], key: string, resolver: NodeTypeResolver): ConnectorUsage {
	return usageByConnector(workflows, resolver).get(key) ?? { connector: key, workflows: [], endpoints: [], activeWorkflows: [] };
}

/**
 * `Order Service is used by 2 active workflows: Refunds (id 12, node "Refund"), Sync (id 40, nodes
 * "A", "B")`, then what would happen and how to go ahead anyway (`forceHint`).
 */
export function dependantsMessage(connectorName: string, usage: ConnectorUsage, consequence: string, forceHint: string): string {
	const active = usage.activeWorkflows;
	const list = active
		.map((workflow) => {
			const names = workflow.nodes.filter((node) => !node.disabled).map((node) => `"${node.name}"`);
			return `${workflow.name} (id ${workflow.id}, node${names.length > 1 ? 's' : ''} ${names.join(', ')})`;
		})
		.join(', ');
	return `${connectorName} is used by ${active.length} active workflow${active.length === 1 ? '' : 's'}: ${list}. ${consequence}: deactivate ${active.length === 1 ? 'it' : 'them'} or move ${active.length === 1 ? 'it' : 'them'} to another connector first, or ${forceHint}`;
}
