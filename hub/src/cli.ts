/**
 * `data-connectors hub`: starts the Connector Hub and runs until SIGINT or SIGTERM, then closes
 * the server (answering requests in flight) and the store.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createHubApp } from './app';
import { ConfigError, type HubConfig, loadConfig } from './config';
import { Hub } from './hub';
import { n8nUsageSource } from './n8n-usage';
import { folderStore } from './store/folder-store';
import type { HubStore } from './store/hub-store';
import { postgresStore } from './store/postgres-store';

export const HUB_USAGE = `usage: data-connectors hub [--config hub.json] [--folder ./registry | --postgres <url>] [--host 127.0.0.1] [--port 5680]`;

const HELP = `${HUB_USAGE}

Serves the Connector Hub's REST API under /api/v1 (OpenAPI at /api/v1/openapi.json) and the
Connector Studio, the web UI for building and testing connectors, at / (sign in with an API token).
  --config <file>     JSON configuration: tokens, store, n8n API for usage checks (see docs/hub.md)
  --folder <folder>   store connectors as JSON files in this folder (default ./registry)
  --postgres <url>    store them in PostgreSQL (several hubs can share it)
  --host, --port      where to listen (default 127.0.0.1:5680; --port 0 picks a free port)
  --body-limit <n>    largest request body in bytes (default 1 MiB)
API tokens: "tokens" in the configuration, or DATA_CONNECTORS_HUB_TOKENS="name:role:token,...".
`;

export interface HubIo {
	stdout: { write(text: string): unknown };
	stderr: { write(text: string): unknown };
	env?: Record<string, string | undefined>;
	/** Called once listening (tests, npm start); the hub runs until `stop` or a signal. */
	onListening?: (url: string, stop: () => Promise<void>) => void;
}

export async function openStore(config: HubConfig): Promise<HubStore> {
	return config.postgres ? await postgresStore(config.postgres) : folderStore(config.folder as string);
}

export async function hubCommand(args: string[], io: HubIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			config: { type: 'string' },
			folder: { type: 'string' },
			postgres: { type: 'string' },
			host: { type: 'string' },
			port: { type: 'string' },
			'body-limit': { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
		allowPositionals: false,
	});
	if (values.help) {
		io.stdout.write(HELP);
		return 0;
	}
	let config: HubConfig;
	try {
		config = loadConfig({
			file: values.config,
			flags: { folder: values.folder, postgres: values.postgres, host: values.host, port: values.port, bodyLimit: values['body-limit'] },
			env: io.env ?? process.env,
		});
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		io.stderr.write(`data-connectors hub: ${error.message}\n`);
		return 2;
	}
	const store = await openStore(config);
	const hub = new Hub({ store, usage: config.n8n ? n8nUsageSource(config.n8n.url, config.n8n.apiKey) : undefined });
	const server = createHubApp(hub, { tokens: config.tokens, bodyLimit: config.bodyLimit, log: (line) => io.stderr.write(`${line}\n`) });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
	io.stdout.write(
		`Connector Hub listening on ${url}/api/v1, Connector Studio at ${url}/ (store: ${store.description}; ${config.tokens.length} API token${config.tokens.length === 1 ? '' : 's'}; usage checks: ${config.n8n ? `n8n at ${config.n8n.url}` : 'not configured'})\n`,
	);
	return await new Promise<number>((resolve) => {
		let stopping: Promise<void> | undefined;
		const stop = () =>
			(stopping ??= (async () => {
				process.off('SIGINT', stop);
				process.off('SIGTERM', stop);
				await new Promise<void>((done) => server.close(() => done()));
				await store.close();
				resolve(0);
			})());
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		io.onListening?.(url, stop);
	});
}
