/**
 * What one node execution reads once and shares between its items: each credential (n8n's
 * `getCredentials` reads the database and decrypts on every call, the largest per-item cost a node
 * had) and node parameters that are not expressions. Keyed by the execution's context object, which
 * n8n creates for every run of a node, so nothing outlives the execution.
 *
 * A credential is read with the first item that needs it: credential fields are resolved once per
 * execution, not per item (an expression in a credential field sees that item).
 */
import type { IExecuteFunctions, INode, NodeParameterValueType } from 'n8n-workflow';
import { type ConnectorAuthLike, connectorDefaults, credentialTypeFor, withConnectorDefaults } from '../../credentials/shared';
import type { CredentialUse } from './send';

export class ExecutionSession {
	private readonly credentials = new Map<string, Promise<CredentialUse | undefined>>();
	private readonly parameters = new Map<string, unknown>();
	private nodeCopy: INode | undefined;

	constructor(private readonly context: IExecuteFunctions) {}

	/**
	 * The node as the workflow stores it (raw parameters, credentials, type). n8n's `getNode()`
	 * deep-copies the node on every call (a measurable share of the per-item CPU at concurrency
	 * 20); the copy is taken once per execution and must not be changed.
	 */
	get node(): INode {
		this.nodeCopy ??= this.context.getNode();
		return this.nodeCopy;
	}

	/** The credential a connector's auth block needs, filled with the connector's defaults; read once. */
	async credential(auth: ConnectorAuthLike, itemIndex: number): Promise<CredentialUse | undefined> {
		const type = credentialTypeFor(auth.type);
		if (!type) return undefined;
		const defaults = connectorDefaults(auth);
		const key = `${type} ${JSON.stringify(defaults)}`;
		let loaded = this.credentials.get(key);
		if (!loaded) {
			loaded = this.load(type, defaults, itemIndex);
			this.credentials.set(key, loaded);
		}
		return await loaded;
	}

	private async load(type: string, defaults: ReturnType<typeof connectorDefaults>, itemIndex: number): Promise<CredentialUse> {
		const data = await this.context.getCredentials(type, itemIndex);
		const reference = this.node.credentials?.[type];
		return {
			type,
			id: reference?.id ?? undefined,
			name: reference?.name ?? type,
			data: withConnectorDefaults(data, defaults),
			stored: data,
			defaults,
		};
	}

	/**
	 * A node parameter: read once when it is a fixed value, for each item when it is or contains an
	 * expression (which may differ per item). The value read once is shared: callers must not change it.
	 */
	parameter<T extends NodeParameterValueType | object>(name: string, itemIndex: number, fallback?: T): T {
		if (containsExpression(this.node.parameters[name])) return this.context.getNodeParameter(name, itemIndex, fallback) as T;
		if (!this.parameters.has(name)) this.parameters.set(name, this.context.getNodeParameter(name, itemIndex, fallback));
		return this.parameters.get(name) as T;
	}
}

/** Whether a raw parameter value is, or holds at any depth (collections, lists), an n8n expression. */
export function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}

const sessions = new WeakMap<IExecuteFunctions, ExecutionSession>();

/** The session of the execution `context` belongs to. */
export function sessionOf(context: IExecuteFunctions): ExecutionSession {
	let session = sessions.get(context);
	if (!session) {
		session = new ExecutionSession(context);
		sessions.set(context, session);
	}
	return session;
}
