/**
 * The registry commands: `data-connectors list|search|get|create|update|delete|status|usage|test`.
 * The work is done by src/registry (the same code the Data Connector Registry node runs); this file
 * reads options, picks the registry folder and the usage source, and prints JSON (--json) or tables.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packagedConnectors } from '../../connectors';
import { ConnectorRegistry, type WriteResult } from '../registry/registry';
import { RegistryFolder } from '../registry/store';
import type { ConnectorSummary, ListQuery } from '../registry/search';
import { findEndpointOf } from '../registry/test-endpoint';
import { callEndpoint, ENDPOINT_CALL_OPTIONS } from './request-command';
import { n8nApiSource, type UsageSource } from '../registry/usage';
import { workflowFolderSource } from '../registry/workflow-files';
import type { RequestSpec } from '../request/spec';
import type { CliIo } from './io';
import { jsonArgument, UsageError } from './load';
import { fields, table } from './table';
import { send } from './transport';

/** The registry folder when --registry is not given (the CLI's; n8n's nodes read a Connector Hub instead). */
export const REGISTRY_ENV = 'DATA_CONNECTORS_REGISTRY';

const USAGE_SOURCE = '[--workflows <folder> | --n8n-url <url> --n8n-api-key <key>]';

export const REGISTRY_USAGE: Record<string, string> = {
	list: 'data-connectors list [<query>...] [--category <c>] [--status live|draft|invalid] [--auth <method>] [--source builtin|registry] [--size <n>] [--offset <n>]',
	search: 'data-connectors search <query>... (same options as list)',
	get: 'data-connectors get <key>',
	create: "data-connectors create <definition.json | '<json>'>",
	update: "data-connectors update <key> <definition.json | '<json>'> [--replace] [--if-version <n>]",
	delete: `data-connectors delete <key> [--force] [--if-version <n>] ${USAGE_SOURCE}`,
	status: `data-connectors status <key> live|draft [--force] [--if-version <n>] ${USAGE_SOURCE}`,
	usage: `data-connectors usage [<key>] ${USAGE_SOURCE}`,
	test: "data-connectors test <key> <endpointKey> [--input '<json>'] [--item '<json>'] [--credentials '<json or file>'] [--base-url <url>] [--curl | --send [--allow-write] [--all-pages [--max-records <n>]]] [--timeout <ms>]",
};

const COMMON = {
	registry: { type: 'string' },
	json: { type: 'boolean' },
} as const;

const GUARD = {
	force: { type: 'boolean' },
	'if-version': { type: 'string' },
	workflows: { type: 'string' },
	'n8n-url': { type: 'string' },
	'n8n-api-key': { type: 'string' },
} as const;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function openRegistry(io: CliIo, registry: string | undefined, mustExist: boolean): ConnectorRegistry {
	const given = registry ?? process.env[REGISTRY_ENV]?.trim();
	let folder: RegistryFolder | undefined;
	if (given) {
		const path = resolve(io.cwd, given);
		if (mustExist && !existsSync(path)) {
			throw new UsageError(`${given}: no such registry folder${registry ? '' : ` (from ${REGISTRY_ENV})`}`);
		}
		folder = new RegistryFolder(path);
	}
	return new ConnectorRegistry({
		folder,
		builtIns: packagedConnectors,
		hints: {
			force: 'add --force to do it anyway',
			usageSource: `give --workflows <folder>, or --n8n-url <url> and --n8n-api-key <key> (or set N8N_API_URL and N8N_API_KEY), to check`,
			expectedVersion: 'put the "version" you read in the definition, or add --if-version <n>',
			registryFolder: `give --registry <folder> or set ${REGISTRY_ENV}`,
		},
	});
}

function positiveInteger(value: string | undefined, option: string): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0) throw new UsageError(`${option} must be a whole number, not "${value}"`);
	return number;
}

/** The usage source the options (or N8N_API_URL / N8N_API_KEY) name, if any. */
function usageSource(io: CliIo, values: { workflows?: string; 'n8n-url'?: string; 'n8n-api-key'?: string }): UsageSource | undefined {
	if (values.workflows) return workflowFolderSource(resolve(io.cwd, values.workflows));
	const url = values['n8n-url'] ?? process.env.N8N_API_URL?.trim();
	if (!url) return undefined;
	const apiKey = values['n8n-api-key'] ?? process.env.N8N_API_KEY;
	if (!apiKey) throw new UsageError('--n8n-url needs --n8n-api-key (or N8N_API_KEY)');
	return n8nApiSource(url, async (address) => {
		const parsed = new URL(address);
		const spec: RequestSpec = {
			method: 'GET',
			url: `${parsed.origin}${parsed.pathname}`,
			query: [...parsed.searchParams.entries()],
			headers: { Accept: 'application/json', 'X-N8N-API-KEY': apiKey },
			verifyTls: true,
		};
		const response = await send(spec, 30_000);
		return { status: response.status, body: response.body };
	});
}

function summaryRows(items: ConnectorSummary[]): Array<Array<string | number>> {
	return items.map((item) => [item.key, item.name, item.status, item.version || '-', item.auth || '-', item.endpoints, item.source]);
}

function listCommand(args: string[], io: CliIo, command: string): number {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			...COMMON,
			category: { type: 'string' },
			status: { type: 'string' },
			auth: { type: 'string' },
			source: { type: 'string' },
			size: { type: 'string' },
			offset: { type: 'string' },
		},
	});
	if (command === 'search' && positionals.length === 0) throw new UsageError(`usage: ${REGISTRY_USAGE.search}`);
	if (values.status && !['live', 'draft', 'invalid'].includes(values.status)) throw new UsageError('--status must be live, draft or invalid');
	if (values.source && !['builtin', 'built-in', 'registry'].includes(values.source)) throw new UsageError('--source must be builtin or registry');
	const query: ListQuery = {
		query: positionals.join(' '),
		category: values.category,
		status: values.status as ListQuery['status'],
		auth: values.auth,
		builtIn: values.source ? values.source !== 'registry' : undefined,
		size: positiveInteger(values.size, '--size') || undefined,
		offset: positiveInteger(values.offset, '--offset'),
	};
	const page = openRegistry(io, values.registry, true).list(query);
	if (values.json) {
		io.stdout.write(json(page));
		return 0;
	}
	if (page.items.length) io.stdout.write(table(['KEY', 'NAME', 'STATUS', 'VERSION', 'AUTH', 'ENDPOINTS', 'SOURCE'], summaryRows(page.items)));
	for (const item of page.items) for (const problem of item.problems ?? []) io.stdout.write(`  ${problem}\n`);
	const shown = page.items.length ? `${page.offset + 1}-${page.offset + page.items.length} of ${page.total}` : `none of ${page.total}`;
	io.stdout.write(`${shown} connector${page.total === 1 ? '' : 's'}${page.items.length < page.total ? ` (--offset ${page.offset}, --size ${page.size})` : ''}\n`);
	return 0;
}

function getCommand(args: string[], io: CliIo): number {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: COMMON });
	if (positionals.length !== 1) throw new UsageError(`usage: ${REGISTRY_USAGE.get}`);
	const record = openRegistry(io, values.registry, true).get(positionals[0]);
	if (values.json) {
		// The definition itself (secrets masked, version included): edit it and pass it to `update`.
		io.stdout.write(json(record.definition));
		return 0;
	}
	io.stdout.write(
		fields([
			['key', record.key],
			['name', record.name],
			['status', record.status],
			['version', record.version || '-'],
			['source', record.source],
			['auth', record.auth || '-'],
			['categories', record.categories.join(', ') || '-'],
			['tags', record.tags.join(', ') || '-'],
		]),
	);
	for (const problem of record.problems ?? []) io.stdout.write(`  ${problem}\n`);
	const endpoints = ((record.definition as { endpoints?: unknown })?.endpoints ?? []) as Array<Record<string, unknown>>;
	if (Array.isArray(endpoints) && endpoints.length) {
		io.stdout.write('\n');
		io.stdout.write(
			table(
				['ENDPOINT', 'METHOD', 'PATH', 'NAME'],
				endpoints.map((endpoint) => [String(endpoint.key ?? ''), String(endpoint.method ?? 'GET'), String(endpoint.path ?? ''), String(endpoint.name ?? '')]),
			),
		);
	}
	if (record.description) io.stdout.write(`\n${record.description}\n`);
	return 0;
}

function printWrite(io: CliIo, result: WriteResult, asJson: boolean | undefined, what: string): number {
	if (asJson) io.stdout.write(json(result));
	else io.stdout.write(`${what}\n`);
	return 0;
}

async function createCommand(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: COMMON });
	if (positionals.length !== 1) throw new UsageError(`usage: ${REGISTRY_USAGE.create}`);
	const document = jsonArgument(positionals[0], 'the definition', io.cwd, { echo: true });
	const registry = openRegistry(io, values.registry, false);
	const result = await registry.create(document);
	return printWrite(io, result, values.json, `created ${result.key} (version ${result.version}) in ${resolve(registry.folder ?? '', result.file)}`);
}

async function updateCommand(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: { ...COMMON, replace: { type: 'boolean' }, 'if-version': { type: 'string' } },
	});
	if (positionals.length !== 2) throw new UsageError(`usage: ${REGISTRY_USAGE.update}`);
	const body = jsonArgument(positionals[1], 'the definition', io.cwd, { echo: true });
	const result = await openRegistry(io, values.registry, true).update(positionals[0], body, {
		mode: values.replace ? 'replace' : 'merge',
		expectedVersion: positiveInteger(values['if-version'], '--if-version'),
	});
	return printWrite(io, result, values.json, `updated ${result.key}: version ${result.previousVersion} -> ${result.version} (${result.file})`);
}

async function deleteCommand(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON, ...GUARD } });
	if (positionals.length !== 1) throw new UsageError(`usage: ${REGISTRY_USAGE.delete}`);
	const registry = openRegistry(io, values.registry, true);
	const result = await registry.remove(positionals[0], {
		force: values.force,
		expectedVersion: positiveInteger(values['if-version'], '--if-version'),
		usage: values.force ? undefined : usageSource(io, values),
	});
	return printWrite(io, result, values.json, `deleted ${result.key} (version ${result.version}, ${result.file})`);
}

async function statusCommand(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON, ...GUARD } });
	if (positionals.length !== 2 || !['live', 'draft'].includes(positionals[1])) throw new UsageError(`usage: ${REGISTRY_USAGE.status}`);
	const status = positionals[1] as 'live' | 'draft';
	const result = await openRegistry(io, values.registry, true).setStatus(positionals[0], status, {
		force: values.force,
		expectedVersion: positiveInteger(values['if-version'], '--if-version'),
		usage: values.force || status === 'live' ? undefined : usageSource(io, values),
	});
	const what = result.changed
		? `${result.key} is now ${result.status} (version ${result.previousVersion} -> ${result.version})`
		: `${result.key} is already ${result.status} (version ${result.version})`;
	return printWrite(io, result, values.json, what);
}

async function usageCommand(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON, ...GUARD } });
	if (positionals.length > 1) throw new UsageError(`usage: ${REGISTRY_USAGE.usage}`);
	const source = usageSource(io, values);
	if (!source) throw new UsageError(`say where the workflows are: ${USAGE_SOURCE} (or set N8N_API_URL and N8N_API_KEY)`);
	const registry = openRegistry(io, values.registry, true);
	if (positionals.length === 0) {
		const all = await registry.usageAll(source);
		if (values.json) {
			io.stdout.write(json(all));
			return 0;
		}
		if (!all.length) io.stdout.write(`no workflow in ${source.description} uses a data connector\n`);
		else {
			io.stdout.write(
				table(
					['CONNECTOR', 'NAME', 'WORKFLOWS', 'ACTIVE', 'ENDPOINTS'],
					all.map((usage) => [usage.connector + (usage.known ? '' : ' (unknown)'), usage.name, usage.workflows.length, usage.activeWorkflows.length, usage.endpoints.join(', ') || '-']),
				),
			);
		}
		return 0;
	}
	const usage = await registry.usage(positionals[0], source);
	if (values.json) {
		io.stdout.write(json(usage));
		return 0;
	}
	const count = usage.workflows.length;
	io.stdout.write(
		`${usage.name} (${usage.connector}) is used by ${count} workflow${count === 1 ? '' : 's'} in ${source.description}, ${usage.activeWorkflows.length} active${usage.endpoints.length ? `; endpoints ${usage.endpoints.join(', ')}` : ''}\n`,
	);
	if (count) {
		io.stdout.write(
			table(
				['WORKFLOW', 'ID', 'ACTIVE', 'NODE', 'ENDPOINT'],
				usage.workflows.flatMap((workflow) =>
					workflow.nodes.map((node) => [workflow.name, workflow.id, workflow.active ? 'yes' : 'no', node.name + (node.disabled ? ' (disabled)' : ''), node.endpoint ?? '?']),
				),
			),
		);
	}
	return 0;
}

async function testCommand(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON, ...ENDPOINT_CALL_OPTIONS } });
	if (positionals.length !== 2) throw new UsageError(`usage: ${REGISTRY_USAGE.test}`);
	const connector = openRegistry(io, values.registry, true).definition(positionals[0]);
	// `test` fills inputs not given from the endpoint's sampleData: that is what it is for.
	return await callEndpoint(connector, findEndpointOf(connector, positionals[1]), values, io, true);
}

export const REGISTRY_COMMANDS = ['list', 'search', 'get', 'create', 'update', 'delete', 'status', 'usage', 'test'] as const;

export async function registryCommand(command: (typeof REGISTRY_COMMANDS)[number], args: string[], io: CliIo): Promise<number> {
	switch (command) {
		case 'list':
		case 'search':
			return listCommand(args, io, command);
		case 'get':
			return getCommand(args, io);
		case 'create':
			return await createCommand(args, io);
		case 'update':
			return await updateCommand(args, io);
		case 'delete':
			return await deleteCommand(args, io);
		case 'status':
			return await statusCommand(args, io);
		case 'usage':
			return await usageCommand(args, io);
		case 'test':
			return await testCommand(args, io);
	}
}
