/**
 * The hub's PostgreSQL store against a real PostgreSQL (Debian's packages, a private cluster on
 * 127.0.0.1 started and removed here): the same store contract as the folder store, two hub
 * instances on one database, and what a client sees when the database goes away.
 */
import { Client } from 'pg';
import { postgresStore } from '../src/store/postgres-store';
import { EDIT, READ, startHub, ticketsConnector } from './helpers';
import { freePort, type PostgresCluster, startPostgres } from './postgres-cluster';
import { storeContract } from './store-contract';

jest.setTimeout(120_000);

let cluster: PostgresCluster;
let database: string;
const reader = () => new Client({ connectionString: database });

beforeAll(async () => {
	cluster = await startPostgres();
	database = await cluster.createDatabase('hub_contract');
});
afterAll(async () => {
	await cluster?.stop();
});

describe('PostgreSQL store', () => {
	storeContract(async () => ({
		open: () => postgresStore(database),
		stored: async (key) => {
			const client = reader();
			await client.connect();
			try {
				const result = await client.query<{ document: Record<string, unknown> }>('SELECT document FROM data_connectors WHERE name = $1', [`${key}.json`]);
				return result.rows[0]?.document;
			} finally {
				await client.end();
			}
		},
	}));
});

describe('PostgreSQL store: setup and failures', () => {
	test('a database that does not answer is named without its password', async () => {
		const port = await freePort();
		const error = await postgresStore(`postgres://hub:very-secret-pw@127.0.0.1:${port}/hub`, { connectionTimeoutMillis: 5000 }).catch((caught: Error) => caught);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(new RegExp(`^Could not prepare PostgreSQL at 127\\.0\\.0\\.1:${port}/hub: `));
		expect((error as Error).message).not.toContain('very-secret-pw');
	});

	test('a second start on a prepared database keeps its rows; a stopped database is 503 on /health and no crash, without the password', async () => {
		const url = database.replace('postgres://hub@', 'postgres://hub:very-secret-pw@');
		const first = await startHub({ store: await postgresStore(url) });
		const created = await first.call('POST', '/connectors', { token: EDIT, body: ticketsConnector(undefined, { key: 'kept', name: 'Kept' }) });
		expect(created.status).toBe(201);
		await first.close();
		const second = await startHub({ store: await postgresStore(url, { connectionTimeoutMillis: 5000 }) });
		try {
			expect((await second.call('GET', '/connectors/kept', { token: READ })).body).toMatchObject({ key: 'kept', version: 1 });
			expect((await second.call('GET', '/health')).status).toBe(200);
			await cluster.stop();
			const health = await second.call('GET', '/health');
			expect(health.status).toBe(503);
			expect(health.body.error.message).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+\/hub_contract does not answer: /);
			const read = await second.call('GET', '/connectors/kept', { token: READ });
			expect(read.status).toBe(503);
			expect(read.headers.get('retry-after')).toBe('5');
			expect(read.body.error.code).toBe('store-unavailable');
			expect(read.text).not.toContain('very-secret-pw');
			expect(second.logs.join('\n')).not.toContain('very-secret-pw');
		} finally {
			await second.close().catch(() => undefined);
		}
	});
});
