/**
 * The connector registry: operations, built-in protection, merge and replace, secret masking,
 * versions, atomic writes (interrupted in-process and by killing a writing process), concurrent
 * writers (async and in separate processes), usage from exported workflows and from n8n's REST API
 * (nock), the refusal that protects active workflows; then the CLI commands in-process and the Data
 * Connector Registry node on n8n-core's engine.
 */
import { type ChildProcess, spawn } from 'child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'fs';
import { hostname, tmpdir } from 'os';
import { join } from 'path';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { packagedConnectors } from '../connectors';
import { connectorNodeNames, operationOrder, pollableEndpoints } from '../nodes/shared/connector-node';
import { packagedCatalog } from '../nodes/shared/catalog';
import { runCli } from './helpers/cli';
import { guardNetwork } from './helpers/network';
import { DefinitionError } from '../src/definition/validate';
import { LOCK_FILE, TEMP_FILE, withFolderLock } from '../src/registry/fs-safe';
import { mergeDefinition, MergeError } from '../src/registry/merge';
import { defaultOperation, generatedNodeTypeName, generatedTriggerTypeName, NodeTypeResolver } from '../src/registry/node-types';
import { ConnectorRegistry, RegistryError } from '../src/registry/registry';
import { RegistryFolder, type RegistryFolderOptions } from '../src/registry/store';
import { n8nApiSource, usageOf, workflowsIn } from '../src/registry/usage';
import { workflowFolderSource } from '../src/registry/workflow-files';

const root = join(__dirname, '..');
const fixtures = join(__dirname, 'fixtures');
const workflowsFolder = join(fixtures, 'workflows');
const helpdeskFile = join(fixtures, 'registry', 'helpdesk.json');
const helpdesk = JSON.parse(readFileSync(helpdeskFile, 'utf8')) as Record<string, unknown>;
const SECRETS = ['PIN-4711-SECRET', 'PIN-SAMPLE-9999'];
const N8N = 'https://n8n.example.com';
const N8N_KEY = 'n8n-api-key-5c1e';
const API_KEY = 'hd-key-0a9b8c';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A fresh registry folder holding helpdesk.json. */
function newFolder(withHelpdesk = true): string {
	const folder = mkdtempSync(join(tmpdir(), 'dc-registry-'));
	if (withHelpdesk) copyFileSync(helpdeskFile, join(folder, 'helpdesk.json'));
	return folder;
}

function open(folder: string, options?: RegistryFolderOptions): ConnectorRegistry {
	return new ConnectorRegistry({ folder: new RegistryFolder(folder, options), builtIns: packagedConnectors });
}

/** A definition document as the tests read it. */
interface Doc {
	[field: string]: unknown;
	version: number;
	tags: string[];
	endpoints: Array<{ key: string; errors?: Record<string, string>; inputs: Array<{ name: string; default?: unknown }>; sampleData?: Record<string, unknown> }>;
}

const stored = (folder: string, name = 'helpdesk.json') => JSON.parse(readFileSync(join(folder, name), 'utf8')) as Doc;
const hidden = (folder: string) => readdirSync(folder).filter((name) => name.startsWith('.'));
const noSecrets = (value: unknown) => expect(SECRETS.filter((secret) => JSON.stringify(value).includes(secret))).toEqual([]);

async function rejection(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a rejection');
}

const billing = {
	key: 'billing',
	name: 'Billing',
	description: 'Invoices and payment status.',
	categories: ['Finance'],
	tags: ['invoices'],
	status: 'draft',
	baseUrl: 'https://billing.example.com',
	auth: { type: 'bearer' },
	endpoints: [{ key: 'getInvoice', name: 'Get Invoice', purpose: 'Get', path: '/invoices/{{ inputs.id }}', inputs: [{ name: 'id', required: true }] }],
};

guardNetwork();

describe('merge semantics', () => {
	const base = {
		key: 'x',
		tags: ['a', 'b'],
		settings: { region: 'eu', tier: 'gold' },
		auth: { type: 'apiKey', in: 'header', name: 'X-Key' },
		endpoints: [
			{ key: 'one', name: 'One', path: '/one', inputs: [{ name: 'id' }], errors: { '404': 'gone' } },
			{ key: 'two', name: 'Two', path: '/two' },
		],
	};

	it('merges objects deeply, replaces arrays whole, removes fields set to null', () => {
		expect(mergeDefinition(base, { tags: ['c'], settings: { tier: 'silver' }, auth: { name: 'X-Other' }, description: 'd' })).toEqual({
			...base,
			tags: ['c'],
			settings: { region: 'eu', tier: 'silver' },
			auth: { type: 'apiKey', in: 'header', name: 'X-Other' },
			description: 'd',
		});
		expect(mergeDefinition(base, { settings: { region: null } })).toMatchObject({ settings: { tier: 'gold' } });
		expect(mergeDefinition(base, { tags: null })).not.toHaveProperty('tags');
	});

	it('merges endpoints by key: changes, additions at the end, $remove; others untouched', () => {
		const merged = mergeDefinition(base, {
			endpoints: [
				{ key: 'two', name: 'Two!', inputs: [{ name: 'q' }] },
				{ key: 'three', name: 'Three', path: '/three' },
				{ key: 'one', errors: { '410': 'gone for good' } },
			],
		}) as typeof base;
		expect(merged.endpoints).toEqual([
			{ key: 'one', name: 'One', path: '/one', inputs: [{ name: 'id' }], errors: { '404': 'gone', '410': 'gone for good' } },
			{ key: 'two', name: 'Two!', path: '/two', inputs: [{ name: 'q' }] },
			{ key: 'three', name: 'Three', path: '/three' },
		]);
		expect((mergeDefinition(base, { endpoints: [{ key: 'one', $remove: true }] }) as typeof base).endpoints.map((e) => e.key)).toEqual(['two']);
	});

	it('names endpoint entries it cannot place', () => {
		let error: MergeError | undefined;
		try {
			mergeDefinition(base, { endpoints: [{ name: 'no key' }, { key: 'nine', $remove: true }] });
		} catch (caught) {
			error = caught as MergeError;
		}
		expect(error?.problems).toEqual([
			{ path: '/endpoints/0/key', message: 'an endpoint in a merge update needs the key of the endpoint it adds or changes' },
			{ path: '/endpoints/1', message: 'there is no endpoint "nine" to remove' },
		]);
	});
});

describe('registry operations', () => {
	it('lists built-in and registry connectors, marks built-ins, searches, filters and pages with a total', async () => {
		const folder = newFolder();
		const registry = open(folder);
		await registry.create(billing);
		writeFileSync(join(folder, 'broken.json'), '{ "key": "broken", "name": ');
		const all = registry.list();
		expect(all.total).toBe(packagedConnectors.length + 3);
		expect(all.items.find((item) => item.key === 'orderService')).toMatchObject({ builtIn: true, source: 'built-in', status: 'live', auth: 'apiKey' });
		expect(all.items.find((item) => item.key === 'helpdesk')).toMatchObject({ builtIn: false, source: 'helpdesk.json', version: 1, endpoints: 3 });
		expect(all.items.find((item) => item.key === 'broken.json')).toMatchObject({ status: 'invalid', problems: [expect.stringMatching(/^broken\.json: \/: not valid JSON/)] });

		expect(registry.list({ query: 'tickets' }).items.map((item) => item.key)).toEqual(['helpdesk']);
		expect(registry.list({ query: 'customer service' }).items.map((item) => item.key)).toEqual(['orderService', 'helpdesk']);
		expect(registry.list({ query: 'payment' }).items.map((item) => item.key)).toEqual(['billing']);
		expect(registry.list({ category: 'logistics' }).items.map((item) => item.key)).toEqual(['shippingPartner', 'warehouseInventory']);
		expect(registry.list({ status: 'draft' }).items.map((item) => item.key)).toEqual(['billing', 'warehouseInventory']);
		expect(registry.list({ auth: 'bearer' }).items.map((item) => item.key)).toEqual(['billing', 'crmContacts']);
		expect(registry.list({ builtIn: false, status: 'live' }).items.map((item) => item.key)).toEqual(['helpdesk']);
		const page = registry.list({ size: 2, offset: 2 });
		expect(page).toMatchObject({ total: all.total, offset: 2, size: 2 });
		expect(page.items.map((item) => item.key)).toEqual(all.items.slice(2, 4).map((item) => item.key));
	});

	it('gets a connector with its stored document, secrets masked; built-ins too', () => {
		const registry = open(newFolder());
		const record = registry.get('helpdesk');
		expect(record).toMatchObject({ key: 'helpdesk', builtIn: false, version: 1, source: 'helpdesk.json' });
		const endpoint = (record.definition as Doc).endpoints[2];
		expect(endpoint.inputs[1]).toEqual({ name: 'supportPin', label: 'Support PIN', secret: true, default: '******' });
		expect(endpoint.sampleData).toEqual({ subject: 'Parcel arrived damaged', supportPin: '******' });
		noSecrets(record);
		expect(registry.get('orderService')).toMatchObject({ builtIn: true, source: 'built-in', name: 'Order Service' });
		expect(() => registry.get('nope')).toThrow(/^There is no connector "nope"; the connectors are crmContacts, documentStore, orderService, .*helpdesk/);
	});

	it('creates a connector as <key>.json with version 1, after validating it', async () => {
		const folder = newFolder(false);
		const result = await open(folder).create(billing);
		expect(result).toMatchObject({ key: 'billing', file: 'billing.json', version: 1, status: 'draft', changed: true });
		expect(stored(folder, 'billing.json')).toEqual({ ...billing, version: 1 });
		expect(readFileSync(join(folder, 'billing.json'), 'utf8').endsWith('}\n')).toBe(true);
	});

	it('never saves an invalid definition: the validator\'s path-precise messages, nothing written', async () => {
		const folder = newFolder();
		const registry = open(folder);
		const error = await rejection(registry.create({ ...billing, endpoints: [{ ...billing.endpoints[0], method: 'SEND' }] }));
		expect(error).toBeInstanceOf(DefinitionError);
		expect(error.message).toBe('billing.json: /endpoints/0/method: must be one of GET, POST, PUT, PATCH, DELETE');
		expect(existsSync(join(folder, 'billing.json'))).toBe(false);

		const before = readFileSync(join(folder, 'helpdesk.json'), 'utf8');
		const update = await rejection(registry.update('helpdesk', { version: 1, endpoints: [{ key: 'getTicket', path: 'tickets' }], baseUrl: 'ftp://x' }));
		expect(update.message.split('\n')).toEqual([
			'helpdesk.json: /baseUrl: must be an absolute http(s) URL',
			'helpdesk.json: /endpoints/0/path: must start with "/" and contain no "?" or "#" (the host comes from baseUrl, query parameters go in "query")',
		]);
		expect(readFileSync(join(folder, 'helpdesk.json'), 'utf8')).toBe(before);
	});

	it('refuses duplicate keys and names, and a built-in key', async () => {
		const registry = open(newFolder());
		await expect(registry.create({ ...helpdesk })).rejects.toThrow('connector helpdesk already exists (helpdesk.json); update it instead');
		await expect(registry.create({ ...billing, key: 'orderService' })).rejects.toThrow(
			'connector orderService already exists: it is built in (Order Service); choose another key',
		);
		await expect(registry.create({ ...billing, name: 'order service' })).rejects.toThrow(
			'billing.json: /name: name "order service" is already used by built-in connectors/order-service.json',
		);
	});

	it('update merges by default, increments the version, keeps what it does not name', async () => {
		const folder = newFolder();
		const result = await open(folder).update('helpdesk', {
			version: 1,
			description: 'Now with priorities.',
			tags: ['tickets'],
			endpoints: [{ key: 'getTicket', errors: { '410': 'The ticket was archived' } }],
		});
		expect(result).toMatchObject({ key: 'helpdesk', version: 2, previousVersion: 1, changed: true });
		const saved = stored(folder);
		expect(saved).toMatchObject({ version: 2, description: 'Now with priorities.', tags: ['tickets'], categories: ['Support'] });
		expect(saved.endpoints.map((e: { key: string }) => e.key)).toEqual(['getTicket', 'listTickets', 'createTicket']);
		expect(saved.endpoints[0].errors).toEqual({ '404': 'No ticket with this number', '410': 'The ticket was archived' });
		expect(saved.endpoints[2].inputs[1].default).toBe('PIN-4711-SECRET');
		noSecrets(result);
	});

	it('update with replace overwrites the whole definition', async () => {
		const folder = newFolder();
		const replacement = { key: 'helpdesk', name: 'Helpdesk', categories: ['Support'], baseUrl: 'https://hd.example.com', endpoints: [{ key: 'ping', name: 'Ping', path: '/ping' }] };
		const result = await open(folder).update('helpdesk', replacement, { mode: 'replace', expectedVersion: 1 });
		expect(result.version).toBe(2);
		expect(stored(folder)).toEqual({ ...replacement, version: 2 });
	});

	it('an update must say which version it is based on; a stale one is rejected and nothing is lost', async () => {
		const folder = newFolder();
		const registry = open(folder);
		await expect(registry.update('helpdesk', { description: 'x' })).rejects.toThrow(
			'Say which version of helpdesk your change is based on: put the "version" you read in the definition, or give the expected version',
		);
		await registry.update('helpdesk', { version: 1, description: 'first' });
		const stale = await rejection(registry.update('helpdesk', { version: 1, description: 'second' }));
		expect(stale).toBeInstanceOf(RegistryError);
		expect(stale.message).toBe('connector helpdesk changed since you read it (now version 2, yours 1); get it again and re-apply your change');
		await expect(registry.update('helpdesk', { description: 'third' }, { expectedVersion: 5 })).rejects.toThrow('(now version 2, yours 5)');
		expect(stored(folder)).toMatchObject({ version: 2, description: 'first' });
		await expect(registry.update('helpdesk', { version: 2, key: 'desk' })).rejects.toThrow(
			'helpdesk.json: /key: the key of a connector cannot change (it is "helpdesk": workflows use it); create a new connector instead',
		);
	});

	it('built-in connectors cannot be updated, deleted or have their status changed', async () => {
		const registry = open(newFolder());
		const refused = 'built-in connectors cannot be changed: Order Service (orderService) is packaged with n8n-nodes-data-connectors';
		await expect(registry.update('orderService', { version: 1, description: 'x' })).rejects.toThrow(refused);
		await expect(registry.remove('orderService', { force: true })).rejects.toThrow(refused);
		await expect(registry.setStatus('orderService', 'draft', { force: true })).rejects.toThrow(refused);
		const noFolder = new ConnectorRegistry({ builtIns: packagedConnectors });
		await expect(noFolder.update('orderService', { version: 1 })).rejects.toThrow(refused);
		await expect(noFolder.create(billing)).rejects.toThrow('There is no registry folder to write to; set DATA_CONNECTORS_REGISTRY to a folder');
	});

	it('masking round trip: what get returns goes back unchanged, secrets neither revealed nor destroyed', async () => {
		const folder = newFolder();
		const registry = open(folder);
		const read = registry.get('helpdesk').definition as Doc;
		read.description = 'Edited after reading.';
		const replaced = await registry.update('helpdesk', read, { mode: 'replace' });
		noSecrets(replaced);
		expect(stored(folder).endpoints[2]).toMatchObject({
			inputs: [{ name: 'subject' }, { name: 'supportPin', default: 'PIN-4711-SECRET' }],
			sampleData: { subject: 'Parcel arrived damaged', supportPin: 'PIN-SAMPLE-9999' },
		});
		// A merge that sends the masked endpoint back keeps the secret too; a new value replaces it.
		await registry.update('helpdesk', { version: 2, endpoints: [{ key: 'createTicket', inputs: read.endpoints[2].inputs, sampleData: { supportPin: 'PIN-NEW-1234' } }] });
		expect(stored(folder).endpoints[2].inputs[1].default).toBe('PIN-4711-SECRET');
		expect(stored(folder).endpoints[2].sampleData?.supportPin).toBe('PIN-NEW-1234');
		// "******" where nothing is stored cannot be saved.
		await expect(
			registry.update('helpdesk', { version: 3, endpoints: [{ key: 'newOne', name: 'New', path: '/n', inputs: [{ name: 'pin', secret: true, default: '******' }] }] }),
		).rejects.toThrow('helpdesk.json: /endpoints/3/inputs/0/default: "******" keeps a stored secret, but there is none stored here; give the value itself');
		noSecrets(registry.list());
	});

	it('sets the status live or draft, each change a new version; the same status changes nothing', async () => {
		const folder = newFolder();
		const registry = open(folder);
		expect(await registry.setStatus('helpdesk', 'draft', { force: true })).toMatchObject({ status: 'draft', version: 2, previousVersion: 1, changed: true });
		expect(await registry.setStatus('helpdesk', 'draft', { force: true })).toMatchObject({ status: 'draft', version: 2, changed: false });
		expect(await registry.setStatus('helpdesk', 'live')).toMatchObject({ status: 'live', version: 3 });
		await expect(registry.setStatus('helpdesk', 'draft', { force: true, expectedVersion: 2 })).rejects.toThrow('(now version 3, yours 2)');
		expect(stored(folder)).toMatchObject({ status: 'live', version: 3 });
	});

	it('deletes a registry connector', async () => {
		const folder = newFolder();
		const registry = open(folder);
		await expect(registry.remove('helpdesk', { force: true, expectedVersion: 4 })).rejects.toThrow('(now version 1, yours 4)');
		expect(await registry.remove('helpdesk', { force: true })).toMatchObject({ key: 'helpdesk', deleted: true, version: 1, file: 'helpdesk.json' });
		expect(existsSync(join(folder, 'helpdesk.json'))).toBe(false);
		expect(hidden(folder)).toEqual([]);
		await expect(registry.remove('helpdesk', { force: true })).rejects.toThrow('There is no connector "helpdesk"');
	});
});

describe('atomic writes', () => {
	it.each(['opened', 'written', 'synced'] as const)('a write failing once %s leaves the old file intact and no temp file', async (failAt) => {
		const folder = newFolder();
		const before = readFileSync(join(folder, 'helpdesk.json'));
		const registry = open(folder, {
			write: {
				onStep: (step) => {
					if (step === failAt) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
				},
			},
		});
		await expect(registry.update('helpdesk', { version: 1, description: 'lost' })).rejects.toThrow('ENOSPC');
		expect(readFileSync(join(folder, 'helpdesk.json')).equals(before)).toBe(true);
		expect(hidden(folder)).toEqual([]);
		expect(open(folder).get('helpdesk').version).toBe(1);
	});

	it('a writer killed mid-write leaves the old file intact; its leftovers break no read and the next write clears them', async () => {
		const folder = newFolder();
		const before = readFileSync(join(folder, 'helpdesk.json'));
		const ready = join(mkdtempSync(join(tmpdir(), 'dc-signal-')), 'ready');
		const child = spawn(process.execPath, [join(fixtures, 'registry', 'writer.js'), 'hang', folder, 'helpdesk', 'half-written', ready], { stdio: 'ignore' });
		const exited = new Promise((resolve) => child.on('exit', resolve));
		for (let waited = 0; !existsSync(ready); waited += 10) {
			if (waited > 15000) throw new Error('the writer never reached its temp file');
			await sleep(10);
		}
		child.kill('SIGKILL');
		await exited;

		const leftovers = hidden(folder);
		expect(leftovers).toContain(LOCK_FILE);
		const temp = leftovers.filter((name) => TEMP_FILE.test(name));
		expect(temp).toHaveLength(1);
		expect(readFileSync(join(folder, temp[0]), 'utf8')).toContain('half-written');
		expect(readFileSync(join(folder, 'helpdesk.json')).equals(before)).toBe(true);
		// Every reader ignores the debris.
		expect(open(folder).get('helpdesk')).toMatchObject({ version: 1, description: helpdesk.description });
		expect(open(folder).list({ builtIn: false }).total).toBe(1);
		expect(new RegistryFolder(folder).files().map((file) => [file.name, Boolean(file.definition)])).toEqual([['helpdesk.json', true]]);

		// The dead writer's lock is taken over (its pid is gone), and its temp file removed.
		await open(folder).update('helpdesk', { version: 1, description: 'after the crash' });
		expect(stored(folder)).toMatchObject({ version: 2, description: 'after the crash' });
		expect(hidden(folder)).toEqual([]);
	});
});

describe('concurrent writers', () => {
	it('two async updates from the same version: one wins, the other is rejected, nothing lost', async () => {
		const folder = newFolder();
		const racer = () => open(folder, { afterRead: () => sleep(50) });
		const results = await Promise.allSettled([
			racer().update('helpdesk', { version: 1, tags: ['from-a'] }),
			racer().update('helpdesk', { version: 1, description: 'from b' }),
		]);
		const won = results.filter((result) => result.status === 'fulfilled');
		const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
		expect(won).toHaveLength(1);
		expect(lost).toHaveLength(1);
		expect(String(lost[0].reason.message)).toBe('connector helpdesk changed since you read it (now version 2, yours 1); get it again and re-apply your change');
		const saved = stored(folder);
		expect(saved.version).toBe(2);
		// Exactly the winner's change is there: not both, not a mix.
		const aWon = JSON.stringify(saved.tags) === '["from-a"]';
		expect(aWon ? saved.description : saved.tags).toEqual(aWon ? helpdesk.description : helpdesk.tags);
	});

	it('four processes updating at once from version 1: exactly one wins, the rest are told to re-read', async () => {
		const folder = newFolder();
		const go = join(mkdtempSync(join(tmpdir(), 'dc-signal-')), 'go');
		const children: Array<{ child: ChildProcess; out: string; err: string; code: Promise<number | null>; waiting: Promise<void> }> = [];
		for (const name of ['a', 'b', 'c', 'd']) {
			const child = spawn(process.execPath, [join(fixtures, 'registry', 'writer.js'), 'race', folder, 'helpdesk', `written by ${name}`, go]);
			const entry = { child, out: '', err: '', code: new Promise<number | null>((resolve) => child.on('exit', resolve)), waiting: Promise.resolve() };
			entry.waiting = new Promise((resolve) =>
				child.stdout.on('data', (chunk: Buffer) => {
					entry.out += chunk.toString();
					if (entry.out.includes('waiting')) resolve();
				}),
			);
			child.stderr.on('data', (chunk: Buffer) => (entry.err += chunk.toString()));
			children.push(entry);
		}
		await Promise.all(children.map((entry) => entry.waiting));
		writeFileSync(go, '');
		const codes = await Promise.all(children.map((entry) => entry.code));
		expect(codes.filter((code) => code === 0)).toHaveLength(1);
		const winner = children[codes.indexOf(0)];
		for (const entry of children.filter((other) => other !== winner)) {
			expect(entry.err).toContain('connector helpdesk changed since you read it (now version 2, yours 1)');
		}
		expect(stored(folder)).toMatchObject({ version: 2, description: (JSON.parse(winner.out.split('\n')[1]) as { definition: { description: string } }).definition.description });
		expect(hidden(folder)).toEqual([]);
	}, 30000);

	it('a writer waits for the lock; a stale lock (dead owner, or too old) is taken over; a live one times out with its owner named', async () => {
		const folder = newFolder();
		let release!: () => void;
		const held = withFolderLock(folder, () => new Promise<void>((resolve) => (release = resolve)));
		await sleep(20);
		const waiting = open(folder).update('helpdesk', { version: 1, description: 'after the wait' });
		await sleep(100);
		expect(stored(folder).version).toBe(1);
		release();
		await held;
		await waiting;
		expect(stored(folder)).toMatchObject({ version: 2, description: 'after the wait' });

		const lock = join(folder, LOCK_FILE);
		writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), since: '2026-01-01T00:00:00Z', token: 'dead' }));
		await open(folder).setStatus('helpdesk', 'live');
		await open(folder).update('helpdesk', { version: 2, description: 'dead owner' });
		expect(existsSync(lock)).toBe(false);

		writeFileSync(lock, JSON.stringify({ pid: 4242, host: 'other-host', since: '2026-01-01T00:00:00Z', token: 'old' }));
		const old = new Date(Date.now() - 120_000);
		utimesSync(lock, old, old);
		await open(folder).update('helpdesk', { version: 3, description: 'old lock' });

		writeFileSync(lock, JSON.stringify({ pid: 4242, host: 'other-host', since: '2026-11-23T10:00:00Z', token: 'live' }));
		await expect(open(folder, { lock: { timeoutMs: 100 } }).update('helpdesk', { version: 4, description: 'x' })).rejects.toThrow(
			`The registry folder ${folder} is locked by process 4242 on other-host since 2026-11-23T10:00:00Z; try again in a moment`,
		);
		expect(readFileSync(lock, 'utf8')).toContain('"live"');
	});
});

describe('usage: which workflows and nodes use a connector', () => {
	it('names generated nodes and triggers exactly as the generator does', () => {
		for (const key of ['orderService', 'order-service', 'crm_contacts', 'a', 'shippingPartner2']) {
			expect(generatedNodeTypeName(key)).toBe(connectorNodeNames({ key }).typeName);
			expect(generatedTriggerTypeName(key)).toBe(`${connectorNodeNames({ key }).typeName}Trigger`);
		}
		for (const connector of packagedCatalog().values()) {
			expect(defaultOperation(connector)).toBe(operationOrder(connector)[0].key);
			expect(defaultOperation(connector, true)).toBe(pollableEndpoints(connector)[0]?.key);
		}
	});

	it('maps each node type to its connector and endpoint; defaults left out of the export count', () => {
		const resolver = new NodeTypeResolver([...packagedCatalog().values(), { key: 'helpdesk', endpoints: [] }]);
		const node = (type: string, parameters: IDataObject = {}) => resolver.reference({ type: `n8n-nodes-data-connectors.${type}`, parameters });
		expect(node('dataConnector', { connector: 'helpdesk', endpoint: 'getTicket' })).toEqual({ connectorKey: 'helpdesk', endpointKey: 'getTicket', nodeType: 'generic' });
		expect(node('dataConnector', { mode: 'custom', connector: 'helpdesk' })).toBeUndefined();
		expect(node('dataConnector', { connector: '={{ $json.which }}' })).toBeUndefined();
		expect(node('dataConnector', { connector: '=helpdesk', endpoint: '={{ $json.e }}' })).toEqual({ connectorKey: 'helpdesk', nodeType: 'generic' });
		expect(node('dataConnectorTrigger', { connector: 'helpdesk', endpoint: 'listTickets' })).toMatchObject({ nodeType: 'trigger', endpointKey: 'listTickets' });
		expect(node('dataConnectorOrderService')).toEqual({ connectorKey: 'orderService', endpointKey: 'listOrders', nodeType: 'generated' });
		expect(node('dataConnectorOrderService', { operation: 'processRefund' })).toMatchObject({ endpointKey: 'processRefund' });
		expect(node('dataConnectorOrderServiceTrigger')).toEqual({ connectorKey: 'orderService', endpointKey: 'listOrders', nodeType: 'generatedTrigger' });
		expect(resolver.reference({ type: 'n8n-nodes-base.httpRequest', parameters: {} })).toBeUndefined();
	});

	it('reads exported workflows (single files and --all arrays) and lists workflows, nodes and endpoints', async () => {
		const workflows = await workflowFolderSource(workflowsFolder).workflows();
		expect(workflows.map((workflow) => [workflow.id, workflow.name, workflow.active])).toEqual([
			['22', 'Escalations', true],
			['30', 'Ticket Digest', false],
			['31', 'Disabled Lookup', true],
			['32', 'Old Helpdesk Flow', false],
			['33', 'New Orders', true],
			['21', 'Support Inbox', true],
		]);
		const registry = open(newFolder());
		const usage = usageOf(workflows, 'helpdesk', registry.resolver());
		expect(usage.endpoints).toEqual(['createTicket', 'getTicket', 'listTickets']);
		expect(usage.workflows.map((workflow) => [workflow.name, workflow.active, workflow.nodes.map((node) => `${node.name}:${node.endpoint}${node.disabled ? ':disabled' : ''}`)])).toEqual([
			['Disabled Lookup', true, ['Lookup:getTicket:disabled']],
			['Escalations', true, ['Create Ticket:createTicket', 'Old Lookup:getTicket:disabled']],
			['Support Inbox', true, ['Get Ticket:getTicket']],
			['Old Helpdesk Flow', false, ['Open Ticket:createTicket']],
			['Ticket Digest', false, ['New Tickets:listTickets']],
		]);
		expect(usage.activeWorkflows.map((workflow) => workflow.id)).toEqual(['22', '21']);
		const all = await registry.usageAll(workflowFolderSource(workflowsFolder));
		expect(all.map((entry) => [entry.connector, entry.workflows.length, entry.activeWorkflows.length, entry.endpoints])).toEqual([
			['helpdesk', 5, 2, ['createTicket', 'getTicket', 'listTickets']],
			['orderService', 2, 2, ['listOrders', 'processRefund']],
		]);
		expect(workflowsIn({ data: [{ id: 1, name: 'x', nodes: [] }] }, 'f')).toEqual([{ id: '1', name: 'x', active: false, nodes: [] }]);
	});

	it('reads every page of the n8n REST API with the API key', async () => {
		const page = (file: string) => JSON.parse(readFileSync(join(workflowsFolder, file), 'utf8')) as IDataObject;
		nock(N8N, { reqheaders: { 'x-n8n-api-key': N8N_KEY } })
			.get('/api/v1/workflows')
			.query({ limit: '250' })
			.reply(200, { data: [page('support-inbox.json'), page('escalations.json')], nextCursor: 'eyJsYXN0SWQiOiIyMiJ9' })
			.get('/api/v1/workflows')
			.query({ limit: '250', cursor: 'eyJsYXN0SWQiOiIyMiJ9' })
			.reply(200, { data: page('export-all.json') as unknown as IDataObject[], nextCursor: null });
		const source = n8nApiSource(`${N8N}/api/v1/`, async (url) => {
			const response = await fetch(url, { headers: { 'X-N8N-API-KEY': N8N_KEY } });
			return { status: response.status, body: await response.text() };
		});
		expect(source.description).toBe(`the n8n API at ${N8N}`);
		expect((await source.workflows()).map((workflow) => workflow.id)).toEqual(['21', '22', '30', '31', '32', '33']);
	});

	it('explains a wrong API key, a wrong URL and a looping cursor', async () => {
		const source = n8nApiSource(N8N, async (url) => {
			const response = await fetch(url, { headers: { 'X-N8N-API-KEY': 'wrong' } });
			return { status: response.status, body: await response.text() };
		});
		nock(N8N).get('/api/v1/workflows').query(true).reply(401, { message: 'unauthorized' });
		await expect(source.workflows()).rejects.toThrow(
			'The n8n API at https://n8n.example.com rejected the API key (401 Unauthorized); check the key (in n8n: Settings > n8n API) and that it may read workflows',
		);
		nock(N8N).get('/api/v1/workflows').query(true).reply(404, 'Cannot GET');
		await expect(source.workflows()).rejects.toThrow("was not found (404); check the n8n base URL (without /api/v1) and that n8n's public API is enabled");
		nock(N8N).get('/api/v1/workflows').query(true).twice().reply(200, { data: [], nextCursor: 'same' });
		await expect(source.workflows()).rejects.toThrow('returned the same page cursor twice');
		expect(() => n8nApiSource('n8n.example.com', source.workflows as never)).toThrow('"n8n.example.com" is not a URL');
	});

	it('refuses to delete or draft a connector active workflows use, listing them; force overrides', async () => {
		const folder = newFolder();
		const registry = open(folder);
		const usage = workflowFolderSource(workflowsFolder);
		const listing =
			'Helpdesk is used by 2 active workflows: Escalations (id 22, node "Create Ticket"), Support Inbox (id 21, node "Get Ticket").';
		await expect(registry.remove('helpdesk', { usage })).rejects.toThrow(
			`${listing} Deleting it would stop them: deactivate them or move them to another connector first, or force the change`,
		);
		await expect(registry.setStatus('helpdesk', 'draft', { usage })).rejects.toThrow(`${listing} Drafts do not run in active workflows`);
		await expect(registry.setStatus('helpdesk', 'draft')).rejects.toThrow('Cannot tell whether active workflows use Helpdesk: give a usage source');
		expect(stored(folder)).toMatchObject({ version: 1, status: 'live' });
		expect(await registry.setStatus('helpdesk', 'draft', { usage, force: true })).toMatchObject({ status: 'draft', version: 2 });
		expect(await registry.remove('helpdesk', { usage, force: true })).toMatchObject({ deleted: true });
		// A connector no active workflow uses goes without force.
		await registry.create(billing);
		expect(await registry.remove('billing', { usage })).toMatchObject({ deleted: true });
	});
});

const cli = (...args: string[]) => runCli(root, ...args);

describe('data-connectors registry commands', () => {
	it('list prints an aligned table, --json the page; search and filters', async () => {
		const folder = newFolder();
		const table = await cli('list', '--registry', folder);
		expect(table.code).toBe(0);
		const lines = table.stdout.split('\n');
		expect(lines[0]).toBe('KEY                 NAME                 STATUS  VERSION  AUTH                     ENDPOINTS  SOURCE');
		expect(lines).toContain('helpdesk            Helpdesk             live    1        apiKey                   3          helpdesk.json');
		expect(lines).toContain('1-6 of 6 connectors');
		const json = await cli('search', 'tickets', '--registry', folder, '--json');
		expect(JSON.parse(json.stdout)).toMatchObject({ total: 1, offset: 0, items: [{ key: 'helpdesk', builtIn: false }] });
		const paged = await cli('list', '--registry', folder, '--size', '2', '--offset', '1', '--source', 'builtin');
		expect(paged.stdout).toMatch(/2-3 of 5 connectors \(--offset 1, --size 2\)\n$/);
		process.env.DATA_CONNECTORS_REGISTRY = folder;
		try {
			expect((await cli('list', '--status', 'live', '--auth', 'apikey', '--json')).stdout).toContain('"helpdesk"');
		} finally {
			delete process.env.DATA_CONNECTORS_REGISTRY;
		}
		expect(await cli('list', '--registry', join(folder, 'nope'))).toMatchObject({ code: 2, stderr: expect.stringContaining('no such registry folder') });
	});

	it('get, edit and update: the --json round trip keeps secrets masked and stored', async () => {
		const folder = newFolder();
		const shown = await cli('get', 'helpdesk', '--registry', folder);
		expect(shown.stdout).toMatch(/^key {9}helpdesk\nname {8}Helpdesk\nstatus {6}live\nversion {5}1\nsource {6}helpdesk.json\n/);
		expect(shown.stdout).toContain('createTicket  POST    /tickets                        Create Ticket');
		const got = await cli('get', 'helpdesk', '--registry', folder, '--json');
		noSecrets(got.stdout);
		const edited = JSON.parse(got.stdout) as Record<string, unknown>;
		edited.tags = ['tickets', 'support'];
		const file = join(mkdtempSync(join(tmpdir(), 'dc-edit-')), 'helpdesk.json');
		writeFileSync(file, JSON.stringify(edited));
		const updated = await cli('update', 'helpdesk', file, '--registry', folder);
		expect(updated).toMatchObject({ code: 0, stdout: 'updated helpdesk: version 1 -> 2 (helpdesk.json)\n' });
		expect(stored(folder)).toMatchObject({ version: 2, tags: ['tickets', 'support'] });
		expect(JSON.stringify(stored(folder))).toContain('PIN-4711-SECRET');
		const again = await cli('update', 'helpdesk', file, '--registry', folder);
		expect(again).toMatchObject({
			code: 1,
			stderr: 'data-connectors: connector helpdesk changed since you read it (now version 2, yours 1); get it again and re-apply your change\n',
		});
		const replaced = await cli('update', 'helpdesk', JSON.stringify({ ...helpdesk, version: undefined, description: 'replaced' }), '--replace', '--if-version', '2', '--registry', folder, '--json');
		expect(JSON.parse(replaced.stdout)).toMatchObject({ version: 3, previousVersion: 2 });
		expect(await cli('get', 'orderService', '--registry', folder, '--json')).toMatchObject({ code: 0, stdout: expect.stringContaining('"key": "orderService"') });
	});

	it('create from inline JSON; invalid definitions and refusals exit 1 with the messages; wrong usage exits 2', async () => {
		const folder = newFolder(false);
		expect(await cli('create', JSON.stringify(billing), '--registry', folder)).toMatchObject({ code: 0, stdout: `created billing (version 1) in ${join(folder, 'billing.json')}\n` });
		const invalid = await cli('create', JSON.stringify({ ...billing, key: 'b2', name: 'B2', baseUrl: 'nope' }), '--registry', folder);
		expect(invalid).toMatchObject({ code: 1, stderr: 'b2.json: /baseUrl: must be an absolute http(s) URL\n' });
		expect(await cli('update', 'orderService', '{"version":1}', '--registry', folder)).toMatchObject({
			code: 1,
			stderr: expect.stringContaining('built-in connectors cannot be changed'),
		});
		expect(await cli('update', 'billing', '{"version":1}')).toMatchObject({ code: 1, stderr: expect.stringContaining('give --registry <folder> or set DATA_CONNECTORS_REGISTRY') });
		expect((await cli('status', 'billing', 'paused', '--registry', folder)).code).toBe(2);
		expect((await cli('get', '--registry', folder)).code).toBe(2);
		expect((await cli('update', 'billing', '{"version":1}', '--if-version', 'two', '--registry', folder)).code).toBe(2);
	});

	it('delete and status check usage in a workflows folder or the n8n API; --force overrides', async () => {
		const folder = newFolder();
		const refused = await cli('delete', 'helpdesk', '--registry', folder, '--workflows', workflowsFolder);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe(
			'data-connectors: Helpdesk is used by 2 active workflows: Escalations (id 22, node "Create Ticket"), Support Inbox (id 21, node "Get Ticket"). Deleting it would stop them: deactivate them or move them to another connector first, or add --force to do it anyway\n',
		);
		expect((await cli('status', 'helpdesk', 'draft', '--registry', folder)).stderr).toContain('give --workflows <folder>, or --n8n-url <url> and --n8n-api-key <key>');

		nock(N8N, { reqheaders: { 'x-n8n-api-key': N8N_KEY } })
			.get('/api/v1/workflows')
			.query({ limit: '250' })
			.reply(200, { data: [JSON.parse(readFileSync(join(workflowsFolder, 'support-inbox.json'), 'utf8'))], nextCursor: null });
		const viaApi = await cli('status', 'helpdesk', 'draft', '--registry', folder, '--n8n-url', N8N, '--n8n-api-key', N8N_KEY);
		expect(viaApi.stderr).toContain('Helpdesk is used by 1 active workflow: Support Inbox (id 21, node "Get Ticket"). Drafts do not run');

		expect(await cli('status', 'helpdesk', 'draft', '--registry', folder, '--force')).toMatchObject({ code: 0, stdout: 'helpdesk is now draft (version 1 -> 2)\n' });
		expect(await cli('status', 'helpdesk', 'live', '--registry', folder)).toMatchObject({ code: 0, stdout: 'helpdesk is now live (version 2 -> 3)\n' });
		const deleted = await cli('delete', 'helpdesk', '--registry', folder, '--force', '--json');
		expect(JSON.parse(deleted.stdout)).toMatchObject({ key: 'helpdesk', deleted: true, version: 3 });
	});

	it('usage prints the workflows and nodes using a connector, or a summary of all; a wrong key is a clear error', async () => {
		const folder = newFolder();
		const one = await cli('usage', 'helpdesk', '--registry', folder, '--workflows', workflowsFolder);
		expect(one.code).toBe(0);
		expect(one.stdout.split('\n').slice(0, 3)).toEqual([
			`Helpdesk (helpdesk) is used by 5 workflows in the workflows in ${workflowsFolder}, 2 active; endpoints createTicket, getTicket, listTickets`,
			'WORKFLOW           ID  ACTIVE  NODE                   ENDPOINT',
			'Disabled Lookup    31  yes     Lookup (disabled)      getTicket',
		]);
		const all = await cli('usage', '--registry', folder, '--workflows', workflowsFolder);
		expect(all.stdout).toBe(
			[
				'CONNECTOR     NAME           WORKFLOWS  ACTIVE  ENDPOINTS',
				'helpdesk      Helpdesk       5          2       createTicket, getTicket, listTickets',
				'orderService  Order Service  2          2       listOrders, processRefund',
				'',
			].join('\n'),
		);
		nock(N8N).get('/api/v1/workflows').query(true).reply(401, { message: 'unauthorized' });
		process.env.N8N_API_URL = N8N;
		process.env.N8N_API_KEY = 'wrong-key';
		try {
			const wrong = await cli('usage', 'helpdesk', '--registry', folder, '--json');
			expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('rejected the API key (401 Unauthorized)') });
		} finally {
			delete process.env.N8N_API_URL;
			delete process.env.N8N_API_KEY;
		}
		expect((await cli('usage', 'helpdesk', '--registry', folder)).code).toBe(2);
	});

	it('test prints the request (sample data as inputs, secrets masked); --send calls GET, writes need --allow-write', async () => {
		const folder = newFolder();
		const dry = await cli('test', 'helpdesk', 'createTicket', '--registry', folder, '--input', '{"subject":"Hello"}');
		expect(JSON.parse(dry.stdout)).toEqual({
			method: 'POST',
			url: 'https://helpdesk.example.com/api/v2/tickets',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-API-Key': '******' },
			body: { subject: 'Hello', pin: '******' },
		});
		noSecrets(dry.stdout);
		nock('https://helpdesk.example.com', { reqheaders: { 'x-api-key': API_KEY } })
			.get('/api/v2/tickets/T-1001')
			.reply(200, { id: 'T-1001', status: 'open' })
			.get('/api/v2/tickets/T-404')
			.reply(404, {});
		const sent = await cli('test', 'helpdesk', 'getTicket', '--registry', folder, '--send', '--credentials', JSON.stringify({ apiKey: API_KEY }));
		expect(sent.code).toBe(0);
		expect(JSON.parse(sent.stdout)).toMatchObject({ ok: true, status: 200, body: { id: 'T-1001', status: 'open' } });
		const missing = await cli('test', 'helpdesk', 'getTicket', '--registry', folder, '--send', '--input', '{"ticketId":"T-404"}', '--credentials', JSON.stringify({ apiKey: API_KEY }));
		expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/^No ticket with this number/) });
		const write = await cli('test', 'helpdesk', 'createTicket', '--registry', folder, '--send');
		expect(write).toMatchObject({ code: 1, stderr: 'data-connectors: endpoint "createTicket" uses POST, which can change data; add --allow-write to really send it\n' });
		expect((await cli('test', 'helpdesk', 'nope', '--registry', folder)).stderr).toContain('Connector helpdesk has no endpoint "nope"; its endpoints are getTicket, listTickets, createTicket');
	});
});
