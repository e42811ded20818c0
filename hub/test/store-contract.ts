/**
 * The store contract every hub store keeps, run through the REST API on loopback: CRUD with
 * masking, search and paging, optimistic versioning (412 on a stale If-Match), built-in protection,
 * and two hub instances over one storage (a folder shared by two processes' stores, or one
 * PostgreSQL database): what one writes the other reads, and concurrent editors through both
 * lose nothing while stale ones get 412.
 */
import type { HubStore } from '../src/store/hub-store';
import { ADMIN, EDIT, READ, startHub, type TestHub, ticketsConnector } from './helpers';

export interface StoreUnderTest {
	/** A new store instance over the same storage each call (a second hub instance). */
	open(): Promise<HubStore>;
	/** The stored document of a connector, read behind the hub's back (file or row). */
	stored(key: string): Promise<Record<string, unknown> | undefined>;
}

function secondEndpoint(index: number) {
	const close = (ticketsConnector().endpoints as Array<Record<string, unknown>>)[1];
	return { ...close, key: `edit${index}`, name: `Edit ${index}` };
}

export function storeContract(setup: () => Promise<StoreUnderTest>): void {
	// Real HTTP and real storage on a shared 2-core machine: room to be slow, no timing asserted.
	jest.setTimeout(120_000);
	let subject: StoreUnderTest;
	let one: TestHub;
	let two: TestHub;

	beforeAll(async () => {
		subject = await setup();
		one = await startHub({ store: await subject.open() });
		two = await startHub({ store: await subject.open() });
	});
	afterAll(async () => {
		await one?.close();
		await two?.close();
	});
	afterEach(async () => {
		const hubKeys = (await one.call('GET', '/connectors?source=hub&size=500', { token: READ })).body.items.map((item: { key: string }) => item.key);
		for (const key of hubKeys) expect((await one.call('DELETE', `/connectors/${key}?force=true`, { token: ADMIN })).status).toBe(200);
	});

	const create = async (hub: TestHub, extra: Record<string, unknown> = {}) => {
		const answer = await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector(undefined, extra) });
		expect(answer.status).toBe(201);
		return answer;
	};

	test('create, get (secrets masked), merge, replace ("******" keeps the secret) and delete', async () => {
		await create(one);
		const got = await one.call('GET', '/connectors/tickets', { token: READ });
		expect(got.status).toBe(200);
		expect(got.text).not.toContain('sig-secret-value');
		expect(got.body.definition.endpoints[0].inputs[1].default).toBe('******');
		expect(got.headers.get('etag')).toMatch(/^"1-[0-9a-f]+"$/);

		const merged = await one.call('PUT', '/connectors/tickets', {
			token: EDIT,
			body: { description: 'Merged.', endpoints: [{ key: 'closeTicket', name: 'Close a Ticket' }] },
			headers: { 'If-Match': got.headers.get('etag') as string },
		});
		expect(merged.status).toBe(200);
		expect(merged.body).toMatchObject({ version: 2, previousVersion: 1, changed: true });
		const afterMerge = (await one.call('GET', '/connectors/tickets', { token: READ })).body.definition;
		expect(afterMerge).toMatchObject({ description: 'Merged.', name: 'Tickets', version: 2 });
		expect(afterMerge.endpoints.map((endpoint: { name: string }) => endpoint.name)).toEqual(['Get Ticket', 'Close a Ticket']);

		const replaced = await one.call('PUT', '/connectors/tickets?replace=true', {
			token: EDIT,
			body: { ...afterMerge, description: 'Replaced.', endpoints: [afterMerge.endpoints[0]] },
			headers: { 'If-Match': merged.headers.get('etag') as string },
		});
		expect(replaced.status).toBe(200);
		const document = await subject.stored('tickets');
		expect(document).toMatchObject({ description: 'Replaced.', version: 3 });
		expect((document?.endpoints as Array<{ inputs: Array<{ default?: string }> }>)[0].inputs[1].default).toBe('sig-secret-value');
		expect((document?.endpoints as unknown[]).length).toBe(1);

		const removed = await one.call('DELETE', '/connectors/tickets?force=true', { token: ADMIN });
		expect(removed.status).toBe(200);
		expect((await one.call('GET', '/connectors/tickets', { token: READ })).status).toBe(404);
		expect(await subject.stored('tickets')).toBeUndefined();
	});

	test('search over names, tags, categories and endpoint names, with a total and paging', async () => {
		await create(one, { key: 'alpha', name: 'Alpha Desk', tags: ['first'] });
		await create(one, { key: 'beta', name: 'Beta Desk', tags: ['second'], categories: ['Billing'] });
		await create(one, { key: 'gamma', name: 'Gamma Desk', tags: ['third'] });
		const keys = async (query: string) => (await two.call('GET', `/connectors?${query}`, { token: READ })).body.items.map((item: { key: string }) => item.key);
		expect(await keys('source=hub')).toEqual(['alpha', 'beta', 'gamma']);
		expect(await keys('q=second')).toEqual(['beta']);
		expect(await keys('category=Billing')).toEqual(['beta']);
		expect(await keys('q=close%20ticket&source=hub')).toEqual(['alpha', 'beta', 'gamma']);
		const page = await two.call('GET', '/connectors?source=hub&size=2&offset=1', { token: READ });
		expect(page.body).toMatchObject({ total: 3, size: 2, offset: 1 });
		expect(page.body.items.map((item: { key: string }) => item.key)).toEqual(['beta', 'gamma']);
	});

	test('a stale If-Match gets 412 saying to read again, also when the newer write came through the other instance', async () => {
		const created = await create(one);
		const etag = created.headers.get('etag') as string;
		expect((await two.call('PUT', '/connectors/tickets', { token: EDIT, body: { description: 'Through two.' }, headers: { 'If-Match': etag } })).status).toBe(200);
		const stale = await one.call('PUT', '/connectors/tickets', { token: EDIT, body: { description: 'Through one.' }, headers: { 'If-Match': etag } });
		expect(stale.status).toBe(412);
		expect(stale.body.error.message).toMatch(/^connector tickets changed since you read it \(now ETag "2-[0-9a-f]+", version 2; yours "1-[0-9a-f]+"\); get it again and re-apply your change$/);
		const staleBody = await one.call('PUT', '/connectors/tickets', { token: EDIT, body: { description: 'Body version.', version: 1 } });
		expect(staleBody.status).toBe(412);
		expect(await subject.stored('tickets')).toMatchObject({ description: 'Through two.', version: 2 });
	});

	test('built-in connectors cannot be deleted, set to draft or shadowed', async () => {
		for (const hub of [one, two]) {
			const removed = await hub.call('DELETE', '/connectors/orderService?force=true', { token: ADMIN });
			expect(removed.status).toBe(403);
			expect(removed.body.error.message).toContain('built-in connectors cannot be changed');
			expect((await hub.call('PUT', '/connectors/orderService/status?force=true', { token: ADMIN, body: { status: 'draft' } })).status).toBe(403);
			const shadow = await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector(undefined, { key: 'orderService', name: 'Another' }) });
			expect(shadow.status).toBe(409);
		}
		expect((await two.call('GET', '/connectors/orderService', { token: READ })).body).toMatchObject({ builtIn: true });
		expect(await subject.stored('orderService')).toBeUndefined();
	});

	test('what one instance writes the other reads at once: create, update, status, delete', async () => {
		await create(one);
		const read = await two.call('GET', '/connectors/tickets', { token: READ });
		expect(read.status).toBe(200);
		expect(read.body.version).toBe(1);
		const draft = await two.call('PUT', '/connectors/tickets/status?force=true', { token: ADMIN, body: { status: 'draft' }, headers: { 'If-Match': read.headers.get('etag') as string } });
		expect(draft.status).toBe(200);
		expect((await one.call('GET', '/connectors/tickets', { token: READ })).body).toMatchObject({ version: 2, status: 'draft' });
		expect((await one.call('DELETE', '/connectors/tickets?force=true', { token: ADMIN })).status).toBe(200);
		expect((await two.call('GET', '/connectors/tickets', { token: READ })).status).toBe(404);
	});

	test('20 concurrent editors, half through each instance, lose nothing; stale ones get 412 and retry', async () => {
		await create(one);
		const editor = async (index: number) => {
			const hub = index % 2 ? two : one;
			for (;;) {
				const read = await hub.call('GET', '/connectors/tickets', { token: READ });
				const write = await hub.call('PUT', '/connectors/tickets', {
					token: EDIT,
					body: { endpoints: [secondEndpoint(index)] },
					headers: { 'If-Match': read.headers.get('etag') as string },
				});
				if (write.status === 200) return;
				expect(write.status).toBe(412);
				expect(write.body.error.code).toBe('conflict');
			}
		};
		await Promise.all(Array.from({ length: 20 }, (_, index) => editor(index)));
		for (const hub of [one, two]) {
			const final = await hub.call('GET', '/connectors/tickets', { token: READ });
			expect(final.body.version).toBe(21);
			const keys = final.body.definition.endpoints.map((endpoint: { key: string }) => endpoint.key);
			expect(keys).toHaveLength(22);
			for (let index = 0; index < 20; index++) expect(keys).toContain(`edit${index}`);
		}
	});
}
