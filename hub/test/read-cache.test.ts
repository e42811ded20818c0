/**
 * What the hub caches per stored version (GET /connectors/{key} masks, hashes and serializes a
 * version once): the same frozen record while the file is unchanged, a new one as soon as anything
 * (another process, a hand edit) changes or removes the file.
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hub } from '../src/hub';
import { folderStore } from '../src/store/folder-store';
import { ticketsConnector } from './helpers';

let folder: string;
let hub: Hub;
const write = (document: Record<string, unknown>, name = 'tickets.json') => writeFileSync(join(folder, name), JSON.stringify(document, null, 2));

beforeEach(() => {
	folder = mkdtempSync(join(tmpdir(), 'hub-cache-'));
	hub = new Hub({ store: folderStore(folder) });
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

test('an unchanged file gives the same frozen, masked record', () => {
	write(ticketsConnector());
	const first = hub.registry.get('tickets');
	expect(hub.registry.get('tickets')).toBe(first);
	expect(Object.isFrozen(first)).toBe(true);
	const definition = first.definition as { endpoints: Array<{ inputs: Array<{ default?: string }> }> };
	expect(definition.endpoints[0].inputs[1].default).toBe('******');
	expect(() => {
		'use strict';
		definition.endpoints[0].inputs[1].default = 'changed';
	}).toThrow(TypeError);
	expect(hub.registry.definition('tickets').endpoints[0].inputs[1].default).toBe('sig-secret-value');
});

test('a file changed or removed behind the hub is seen by the next read', () => {
	write(ticketsConnector());
	const first = hub.registry.get('tickets');
	write(ticketsConnector(undefined, { description: 'Edited by hand, a longer description.' }));
	const second = hub.registry.get('tickets');
	expect(second).not.toBe(first);
	expect(second.description).toBe('Edited by hand, a longer description.');
	unlinkSync(join(folder, 'tickets.json'));
	expect(() => hub.registry.get('tickets')).toThrow(/There is no connector "tickets"/);
});

test('a file claiming a built-in key is shown with its problem, never from the cache of a good file', () => {
	write(ticketsConnector(undefined, { key: 'orderService', name: 'Shadow' }), 'shadow.json');
	const record = hub.registry.get('shadow.json');
	expect(record.problems).toEqual(['shadow.json: /key: key "orderService" is already used by a built-in connector']);
	expect(record).not.toBe(hub.registry.get('shadow.json'));
});

test('directories, dot files and other extensions in the folder are not connectors', () => {
	write(ticketsConnector());
	write(ticketsConnector(undefined, { key: 'hidden' }), '.hidden.json');
	writeFileSync(join(folder, 'notes.txt'), 'not a connector');
	mkdirSync(join(folder, 'dir.json'));
	expect(hub.registry.list({ builtIn: false }).items.map((item) => item.key)).toEqual(['tickets']);
});
