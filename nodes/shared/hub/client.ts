/**
 * Reading a Data Connector Hub from n8n: the connector list and definitions by key, through n8n's
 * HTTP helper, with a per-process cache revalidated by ETag (If-None-Match; a 304 costs the hub
 * nothing). When the hub cannot be reached (network error, 5xx), a cached copy is used and the
 * caller gets a warning to show; without a cached copy the error names the hub's address.
 * The API token goes only into the Authorization header and is masked out of every message.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { type ConnectorDefinition, DefinitionError, Redactor, validateDefinition } from '../../../src';
import { MASK } from '../../../src/redact';
import type { ConnectorSummary } from '../../../src/registry/search';
import { connectorRequest, type HubAddress, hubAddress, httpOptions, type HubRequest, listRequest, HUB_CREDENTIAL, HUB_PAGE_SIZE, slotRequest } from './requests';

/** What a node context offers that the hub client uses (execute, load options, poll, hook and webhook contexts all do). */
export interface HubContext {
	getNode(): INode;
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
	helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
}

/** One connector as the hub's GET /connectors/{key} answers it: the summary and the stored document, secrets masked. */
export interface HubRecord extends ConnectorSummary {
	definition: unknown;
}

export interface HubPage {
	total: number;
	offset: number;
	size: number;
	items: ConnectorSummary[];
}

export interface HubReply {
	status: number;
	headers: IDataObject;
	body: unknown;
}

/** A hub answer that is not what was asked for, or no answer at all (`unreachable`). */
export class HubError extends Error {
	constructor(
		message: string,
		readonly status?: number,
		readonly unreachable = false,
		readonly body?: unknown,
	) {
		super(message);
		this.name = 'HubError';
	}
}

export const HUB_TIMEOUT_MS = 10_000;

interface CachedConnector {
	etag: string;
	record: HubRecord;
	definition?: ConnectorDefinition;
	problems?: string[];
}

/** Per n8n process: what each hub (by address and token) last answered, with its ETag. */
const connectors = new Map<string, CachedConnector>();
const lists = new Map<string, { etag: string; page: HubPage }>();

/** Forgets every cached answer (tests; a fresh n8n process starts empty). */
export function resetHubCache(): void {
	connectors.clear();
	lists.clear();
}

const cacheKey = (hub: HubAddress, ...parts: string[]) => [hub.url, hub.token, ...parts].join('\n');

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The hub's error body: { "error": { "status", "code", "message", "problems"?, "workflows"? } }. */
export function hubErrorOf(body: unknown): { message?: string; problems?: Array<{ path: string; message: string }>; workflows?: unknown[] } {
	const error = isObject(body) && isObject(body.error) ? body.error : {};
	return {
		message: typeof error.message === 'string' ? error.message : undefined,
		problems: Array.isArray(error.problems) ? (error.problems as Array<{ path: string; message: string }>) : undefined,
		workflows: Array.isArray(error.workflows) ? error.workflows : undefined,
	};
}

/** The hub's own message, else the status. */
function hubMessage(reply: HubReply): string {
	const { message } = hubErrorOf(reply.body);
	return message ? `${reply.status}: ${message}` : String(reply.status);
}

/** A secret input's stored default stays in the hub (it reads as "******"): the node asks for the value instead. */
function withoutMaskedSecrets(document: unknown): unknown {
	if (!isObject(document) || !Array.isArray(document.endpoints)) return document;
	const copy = structuredClone(document) as { endpoints: unknown[] };
	for (const endpoint of copy.endpoints) {
		if (!isObject(endpoint) || !Array.isArray(endpoint.inputs)) continue;
		for (const input of endpoint.inputs) if (isObject(input) && input.secret === true && input.default === MASK) delete input.default;
		if (isObject(endpoint.sampleData)) for (const [name, value] of Object.entries(endpoint.sampleData)) if (value === MASK) delete endpoint.sampleData[name];
	}
	return copy;
}

export class HubClient {
	readonly redactor: Redactor;

	constructor(
		private readonly context: HubContext,
		readonly hub: HubAddress,
		private readonly timeoutMs = HUB_TIMEOUT_MS,
	) {
		this.redactor = new Redactor([hub.token]);
	}

	/** The hub of the node's "Data Connector Hub" credential; undefined when the node has none. */
	static async of(context: HubContext, itemIndex?: number): Promise<HubClient | undefined> {
		if (!context.getNode().credentials?.[HUB_CREDENTIAL]) return undefined;
		const data = await context.getCredentials(HUB_CREDENTIAL, itemIndex);
		return new HubClient(context, hubAddress(data));
	}

	/** One request; `unreachable` (a message naming the hub) when no answer came. */
	async send(request: HubRequest): Promise<HubReply | { unreachable: string }> {
		let response: { statusCode: number; headers: IDataObject; body: unknown };
		try {
			response = (await this.context.helpers.httpRequest(httpOptions(this.hub, request, this.timeoutMs))) as typeof response;
		} catch (error) {
			const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
			const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
			return { unreachable: this.redactor.text(`Could not reach the Data Connector Hub at ${this.hub.url} (${reason})`) };
		}
		return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
	}

	/** Why the hub cannot serve now (no answer, or a 5xx), or undefined when it answered. */
	private down(reply: HubReply | { unreachable: string }, what: string): string | undefined {
		if ('unreachable' in reply) return reply.unreachable;
		return reply.status >= 500 ? this.failure(reply, what).message : undefined;
	}

	/** A hub answer that says something is wrong, as a message that names the hub. */
	failure(reply: HubReply, what: string): HubError {
		const reason =
			reply.status === 401
				? `refused the API token (${hubMessage(reply)}); check the Data Connector Hub credential`
				: reply.status === 403
					? `did not allow it (${hubMessage(reply)})`
					: `answered ${hubMessage(reply)}`;
		return new HubError(this.redactor.text(`The Data Connector Hub at ${this.hub.url} ${reason} when asked to ${what}`), reply.status, reply.status >= 500, reply.body);
	}

	/**
	 * A connector by key, revalidated with the ETag this process holds. `warning` is set when the
	 * hub could not be reached and the cached copy is used.
	 */
	async connector(key: string): Promise<{ record: HubRecord; definition?: ConnectorDefinition; problems?: string[]; warning?: string }> {
		const id = cacheKey(this.hub, key);
		const cached = connectors.get(id);
		const answer = await this.send(connectorRequest(key, cached?.etag));
		const down = this.down(answer, `read connector "${key}"`);
		if (down !== undefined) {
			if (!cached) throw new HubError(`${down}, and this n8n process has no cached copy of connector "${key}" to run from`, undefined, true);
			return { ...cached, warning: `${down}; running connector "${key}" from the copy this n8n process read before (version ${cached.record.version})` };
		}
		const reply = answer as HubReply;
		if (reply.status === 304 && cached) return cached;
		if (reply.status === 404) {
			connectors.delete(id);
			throw new HubError(this.redactor.text(`There is no connector "${key}" in the Data Connector Hub at ${this.hub.url}`), 404);
		}
		if (reply.status !== 200 || !isObject(reply.body)) throw this.failure(reply, `read connector "${key}"`);
		const record = reply.body as unknown as HubRecord;
		const entry: CachedConnector = { etag: typeof reply.headers.etag === 'string' ? reply.headers.etag : '', record };
		if (record.status === 'invalid') entry.problems = record.problems ?? [];
		else {
			const result = validateDefinition(withoutMaskedSecrets(record.definition));
			if (result.ok) entry.definition = result.definition;
			else entry.problems = new DefinitionError(`${key} (hub)`, result.problems).message.split('\n');
		}
		if (entry.etag) connectors.set(id, entry);
		return entry;
	}

	/**
	 * A send slot of a shared rate limit: how many ms to wait before sending. Unreachable or 5xx:
	 * a HubError with `unreachable` set (the caller falls back to spacing within the execution).
	 */
	async slot(key: string, intervalMs: number): Promise<number> {
		const what = `give a send slot for connector "${key}"`;
		const answer = await this.send(slotRequest(key, intervalMs));
		const down = this.down(answer, what);
		if (down !== undefined) throw new HubError(down, undefined, true);
		const reply = answer as HubReply;
		const waitMs = isObject(reply.body) ? reply.body.waitMs : undefined;
		if (reply.status !== 200 || typeof waitMs !== 'number' || !Number.isFinite(waitMs)) throw this.failure(reply, what);
		return Math.max(0, waitMs);
	}

	/** Every connector of the hub (all pages), revalidated by the first page's ETag. */
	async list(): Promise<{ items: ConnectorSummary[]; warning?: string }> {
		const id = cacheKey(this.hub, '*list');
		const cached = lists.get(id);
		const answer = await this.send(listRequest(0, cached?.etag));
		const down = this.down(answer, 'list its connectors');
		if (down !== undefined) {
			if (!cached) throw new HubError(down, undefined, true);
			return { items: cached.page.items, warning: `${down}; showing the connectors this n8n process listed before` };
		}
		const reply = answer as HubReply;
		if (reply.status === 304 && cached) return { items: cached.page.items };
		if (reply.status !== 200 || !isObject(reply.body) || !Array.isArray(reply.body.items)) throw this.failure(reply, 'list its connectors');
		const first = reply.body as unknown as HubPage;
		const items = [...first.items];
		while (items.length < first.total) {
			const next = await this.send(listRequest(items.length));
			if ('unreachable' in next) throw new HubError(next.unreachable, undefined, true);
			if (next.status !== 200 || !isObject(next.body) || !Array.isArray(next.body.items)) throw this.failure(next, 'list its connectors');
			const page = next.body as unknown as HubPage;
			if (!page.items.length) break;
			items.push(...page.items);
		}
		if (typeof reply.headers.etag === 'string') lists.set(id, { etag: reply.headers.etag, page: { ...first, items } });
		return { items };
	}
}

export { HUB_PAGE_SIZE };
