/**
 * Test helpers: a hub on 127.0.0.1 (port 0) over a temp folder, a small client, a loopback API
 * for endpoint tests and a loopback "n8n public API" for usage checks. Real HTTP, no mocks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubApp } from '../src/app';
import type { ApiToken } from '../src/http/auth';
import { Hub } from '../src/hub';
import { n8nUsageSource } from '../src/n8n-usage';
import { folderStore } from '../src/store/folder-store';
import type { HubStore } from '../src/store/hub-store';

export const TOKENS: ApiToken[] = [
	{ name: 'reader', role: 'read', token: 'read-token-0123456789abcdef' },
	{ name: 'editor', role: 'edit', token: 'edit-token-0123456789abcdef' },
	{ name: 'administrator', role: 'admin', token: 'admin-token-0123456789abcdef' },
];
export const READ = TOKENS[0].token;
export const EDIT = TOKENS[1].token;
export const ADMIN = TOKENS[2].token;

export async function listen(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function close(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface Answer {
	status: number;
	headers: Headers;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	text: string;
}

export interface RequestOptions {
	token?: string;
	body?: unknown;
	/** Sent as is (malformed JSON, huge bodies). */
	raw?: string;
	headers?: Record<string, string>;
}

export function client(base: string) {
	return async (method: string, path: string, options: RequestOptions = {}): Promise<Answer> => {
		const headers: Record<string, string> = { ...options.headers };
		if (options.token) headers.Authorization = `Bearer ${options.token}`;
		let body: string | undefined = options.raw;
		if (options.body !== undefined) body = JSON.stringify(options.body);
		if (body !== undefined) headers['Content-Type'] ??= 'application/json';
		const response = await fetch(`${base}${path}`, { method, headers, body });
		const text = await response.text();
		let parsed: unknown;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			parsed = undefined;
		}
		return { status: response.status, headers: response.headers, body: parsed, text };
	};
}

export interface TestHub {
	url: string;
	folder: string;
	logs: string[];
	call: ReturnType<typeof client>;
	close(): Promise<void>;
}

export async function startHub(options: { store?: HubStore; usage?: { url: string; apiKey: string }; bodyLimit?: number } = {}): Promise<TestHub> {
	const folder = mkdtempSync(join(tmpdir(), 'hub-test-'));
	const store = options.store ?? folderStore(folder);
	const hub = new Hub({ store, usage: options.usage ? n8nUsageSource(options.usage.url, options.usage.apiKey) : undefined });
	const logs: string[] = [];
	const server = createHubApp(hub, { tokens: TOKENS, bodyLimit: options.bodyLimit, log: (line) => logs.push(line) });
	const url = await listen(server);
	return {
		url,
		folder,
		logs,
		call: client(`${url}/api/v1`),
		close: async () => {
			await close(server);
			await store.close();
			rmSync(folder, { recursive: true, force: true });
		},
	};
}

/** A fake of n8n's public API on loopback: GET /api/v1/workflows with X-N8N-API-KEY, the workflows given. */
export async function fakeN8n(apiKey: string, workflows: () => unknown[]): Promise<{ url: string; seenKeys: string[]; close(): Promise<void> }> {
	const seenKeys: string[] = [];
	const server = createServer((request: IncomingMessage, response) => {
		seenKeys.push(String(request.headers['x-n8n-api-key']));
		if (request.headers['x-n8n-api-key'] !== apiKey) {
			response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"message":"unauthorized"}');
			return;
		}
		if (!request.url?.startsWith('/api/v1/workflows')) {
			response.writeHead(404).end();
			return;
		}
		response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: workflows(), nextCursor: null }));
	});
	const url = await listen(server);
	return { url, seenKeys, close: () => close(server) };
}

/** A small connector definition for the tests, on `baseUrl`. */
export function ticketsConnector(baseUrl = 'https://tickets.example.com/api', extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		key: 'tickets',
		name: 'Tickets',
		description: 'Support tickets of the help desk.',
		categories: ['Support'],
		tags: ['helpdesk'],
		status: 'live',
		baseUrl,
		auth: { type: 'bearer' },
		endpoints: [
			{
				key: 'getTicket',
				purpose: 'Get',
				name: 'Get Ticket',
				description: 'One ticket by id.',
				method: 'GET',
				path: '/tickets/{{ inputs.ticketId }}',
				inputs: [
					{ name: 'ticketId', type: 'string', required: true, description: 'The ticket id' },
					{ name: 'signature', type: 'string', secret: true, default: 'sig-secret-value', description: 'A signing value' },
				],
				sampleData: { ticketId: 'T-1' },
			},
			{
				key: 'closeTicket',
				purpose: 'Update',
				name: 'Close Ticket',
				description: 'Close a ticket.',
				method: 'POST',
				path: '/tickets/{{ inputs.ticketId }}/close',
				inputs: [{ name: 'ticketId', type: 'string', required: true }],
			},
		],
		...extra,
	};
}

/** A workflow as n8n's API returns it, using a connector through the generic node. */
export function workflowUsing(connector: string, options: { id?: string; name?: string; active?: boolean } = {}) {
	return {
		id: options.id ?? 'wf1',
		name: options.name ?? 'Ticket Sync',
		active: options.active ?? true,
		nodes: [{ name: 'Get Ticket', type: 'n8n-nodes-data-connectors.dataConnector', parameters: { connector, endpoint: 'getTicket' } }],
	};
}
