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

describe('PostgreSQL store: shared rate limits', () => {
	test('two hub instances on one database hand out one sequence of slots, intervalMs apart', async () => {
		const hubs = [await startHub({ store: await postgresStore(database) }), await startHub({ store: await postgresStore(database) })];
		try {
			const started = Date.now();
			const answers = await Promise.all(
				Array.from({ length: 20 }, (_, index) => hubs[index % 2].call('POST', '/rate-limits/sharedCrm/slots', { token: READ, body: { intervalMs: 50 } })),
			);
			const elapsed = Date.now() - started;
			expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
			const waits = answers.map((answer) => (answer.body as { waitMs: number }).waitMs).sort((a, b) => a - b);
			// Slot i is at least 50 ms after slot i-1, so the last is >= 19 x 50 ms after the first,
			// and every call was made within `elapsed`: the longest wait is at least 950 ms - elapsed.
			expect(waits[waits.length - 1]).toBeGreaterThanOrEqual(19 * 50 - elapsed - 1);
			const client = reader();
			await client.connect();
			try {
				const rows = await client.query('SELECT key FROM data_connector_rate_slots');
				expect(rows.rows).toEqual([{ key: 'sharedCrm' }]);
			} finally {
				await client.end();
			}
		} finally {
			for (const hub of hubs) await hub.close();
		}
	});
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
