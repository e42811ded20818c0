/**
 * A private PostgreSQL cluster for tests, from Debian's packages: initdb in a temp folder, the
 * server on 127.0.0.1 at a free port with its socket in that folder, stopped and removed by
 * `stop()`. initdb refuses to run as root, so as root the cluster belongs to the `postgres` user
 * the package creates. Missing binaries fail loudly (no skip): the hub's PostgreSQL store is only
 * trusted because these tests run it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const INSTALL_HINT = 'PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin; install them with: apt-get install -y postgresql';

/** Debian's /usr/lib/postgresql/<major>/bin, preferring 15, else the newest installed. */
export function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : [];
	if (!majors.length) throw new Error(INSTALL_HINT);
	const major = majors.includes('15') ? '15' : majors.sort((a, b) => Number(b) - Number(a))[0];
	return join(root, major, 'bin');
}

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

export interface PostgresCluster {
	port: number;
	/** postgres://hub@127.0.0.1:<port>/<database> */
	url(database: string): string;
	/** Creates a database (owned by the cluster's user) and returns its URL. */
	createDatabase(name: string): Promise<string>;
	stop(): Promise<void>;
}

const USER = 'hub';

export async function startPostgres(): Promise<PostgresCluster> {
	const bin = postgresBin();
	const asRoot = userInfo().uid === 0;
	const folder = mkdtempSync(join(tmpdir(), 'hub-pg-'));
	const data = join(folder, 'data');
	const run = (program: string, args: string[]) => {
		const command = asRoot ? 'runuser' : join(bin, program);
		const argv = asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
		const result = spawnSync(command, argv, { encoding: 'utf8', cwd: folder, timeout: 120_000 });
		if (result.status !== 0) {
			throw new Error(`${program} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr || result.stdout}`);
		}
	};
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(folder, uid, gid);
	}
	const port = await freePort();
	let started = false;
	const stop = async () => {
		if (started) {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} catch {
				// Already gone; the folder goes anyway.
			}
			started = false;
		}
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		// trust on loopback only: a throwaway cluster that listens on 127.0.0.1 and a private socket folder.
		run('initdb', ['-D', data, '-U', USER, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
		const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60 -c shared_buffers=16MB`;
		run('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
		started = true;
	} catch (error) {
		const log = join(folder, 'server.log');
		const tail = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
		await stop();
		throw new Error(`${(error as Error).message}${tail}`);
	}
	const url = (database: string) => `postgres://${USER}@127.0.0.1:${port}/${database}`;
	return {
		port,
		url,
		createDatabase: async (name: string) => {
			const admin = new Client({ connectionString: url('postgres') });
			await admin.connect();
			try {
				await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
			} finally {
				await admin.end();
			}
			return url(name);
		},
		stop,
	};
}
