/**
 * PostgreSQL storage, for several hub instances behind one address. One row per connector: its
 * storage name ("orders.json", as in the folder store, so the registry code is the same), the
 * document as `json` (not `jsonb`: the text and its key order are kept as written) and when it
 * changed.
 *
 * Writes: one transaction that takes a transaction-level advisory lock (every hub instance
 * serialises its writes on it, like the folder's lock file), reads the rows, lets the registry
 * decide (version comparison included) and writes; a crash before COMMIT changes nothing.
 * Reads: `refresh()` loads the rows before each request; a row is validated again only when its
 * text changed.
 */
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { type FolderChange, type RegistryStorage, type StoredFile, storedFromText } from '../runtime';
import type { HubStore } from './hub-store';
import { postgresSlots, RATE_SLOTS_SCHEMA } from './rate-slots';

/** Any 64-bit number unique to this table's writers. */
const WRITE_LOCK = 7_265_108_315;

const SCHEMA = `CREATE TABLE IF NOT EXISTS data_connectors (
	name text PRIMARY KEY,
	document json NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now()
)`;

interface Row {
	name: string;
	text: string;
}

class PostgresStorage implements RegistryStorage {
	private snapshot: StoredFile[] = [];
	private readonly parsed = new Map<string, { text: string; file: StoredFile }>();

	constructor(
		private readonly pool: Pool,
		readonly folder: string,
	) {}

	files(): StoredFile[] {
		return this.snapshot;
	}

	private toFiles(rows: Row[]): StoredFile[] {
		return rows.map(({ name, text }) => {
			const cached = this.parsed.get(name);
			if (cached?.text === text) return cached.file;
			const file = storedFromText(name, text);
			this.parsed.set(name, { text, file });
			return file;
		});
	}

	private static async rows(client: Pool | PoolClient): Promise<Row[]> {
		const result = await client.query<Row>('SELECT name, document::text AS text FROM data_connectors ORDER BY name');
		return result.rows;
	}

	async refresh(): Promise<void> {
		this.snapshot = this.toFiles(await PostgresStorage.rows(this.pool));
	}

	async change<T>(decide: (files: StoredFile[]) => FolderChange<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			await client.query('BEGIN');
			await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
			const files = this.toFiles(await PostgresStorage.rows(client));
			const change = decide(files);
			if (change.write) {
				const text = JSON.stringify(change.write.document, null, change.write.indent ?? '  ');
				await client.query(
					`INSERT INTO data_connectors (name, document) VALUES ($1, $2::json)
					 ON CONFLICT (name) DO UPDATE SET document = EXCLUDED.document, updated_at = now()`,
					[change.write.name, text],
				);
			}
			if (change.remove) await client.query('DELETE FROM data_connectors WHERE name = $1', [change.remove]);
			await client.query('COMMIT');
			return change.result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw error;
		} finally {
			client.release();
		}
	}
}

/** "postgres://hub:secret@127.0.0.1:5432/hub" -> "PostgreSQL at 127.0.0.1:5432/hub" */
export function describePostgres(connectionString: string): string {
	try {
		const url = new URL(connectionString);
		return `PostgreSQL at ${url.host}${url.pathname}`;
	} catch {
		return 'PostgreSQL';
	}
}

export async function postgresStore(connectionString: string, options: Omit<PoolConfig, 'connectionString'> = {}): Promise<HubStore> {
	const pool = new Pool({ connectionString, max: 10, ...options });
	const description = describePostgres(connectionString);
	// An idle connection that the server drops (restart, failover) is reported on the pool; without
	// a listener that event would end the hub. The next query opens a new connection, or fails and
	// is answered as 503 by the request that made it.
	pool.on('error', () => undefined);
	try {
		await pool.query(SCHEMA);
		await pool.query(RATE_SLOTS_SCHEMA);
	} catch (error) {
		await pool.end();
		throw new Error(`Could not prepare ${description}: ${(error as Error).message}`);
	}
	const storage = new PostgresStorage(pool, description);
	await storage.refresh();
	return {
		storage,
		description,
		refresh: () => storage.refresh(),
		slots: postgresSlots(pool),
		close: () => pool.end(),
	};
}
