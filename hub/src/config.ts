/**
 * The hub's configuration: a JSON file (--config), command-line flags over it, and environment
 * variables for what a container passes that way. Secrets (API tokens, the n8n API key, the
 * PostgreSQL password) are best kept in the file or the environment, not on the command line,
 * where other users of the host can see them.
 *
 *   {
 *     "host": "127.0.0.1", "port": 5680,
 *     "folder": "./registry",                      (or) "postgres": "postgres://user:pw@host/db",
 *     "tokens": [{ "name": "n8n", "role": "read", "token": "..." }],
 *     "n8n": { "url": "https://n8n.example.com", "apiKey": "..." },
 *     "bodyLimit": 1048576
 *   }
 *
 * Environment: DATA_CONNECTORS_HUB_TOKENS ("name:role:token,..."), N8N_API_URL, N8N_API_KEY,
 * DATA_CONNECTORS_HUB_POSTGRES.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type ApiToken, ROLES, type Role } from './http/auth';
import { DEFAULT_BODY_LIMIT } from './http/body';

export interface HubConfig {
	host: string;
	port: number;
	folder?: string;
	postgres?: string;
	tokens: ApiToken[];
	n8n?: { url: string; apiKey: string };
	bodyLimit: number;
}

export class ConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConfigError';
	}
}

export const DEFAULT_PORT = 5680;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function checkToken(value: unknown, where: string): ApiToken {
	if (!isObject(value) || typeof value.token !== 'string' || typeof value.role !== 'string') {
		throw new ConfigError(`${where}: a token is { "name": "...", "role": "read" | "edit" | "admin", "token": "..." }`);
	}
	if (!ROLES.includes(value.role as Role)) throw new ConfigError(`${where}: role must be one of ${ROLES.join(', ')}, not "${value.role}"`);
	if (value.token.length < 16) throw new ConfigError(`${where}: the token is too short; use at least 16 random characters (e.g. openssl rand -hex 24)`);
	return { name: typeof value.name === 'string' && value.name ? value.name : `${value.role} token`, role: value.role as Role, token: value.token };
}

/** "n8n:read:abc...,ci:admin:def..." */
export function tokensFromText(text: string, where: string): ApiToken[] {
	return text
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean)
		.map((entry, index) => {
			const [name, role, ...rest] = entry.split(':');
			return checkToken({ name, role, token: rest.join(':') }, `${where} entry ${index + 1}`);
		});
}

export interface ConfigSources {
	file?: string;
	flags: { folder?: string; postgres?: string; host?: string; port?: string; bodyLimit?: string };
	env: Record<string, string | undefined>;
}

export function loadConfig({ file, flags, env }: ConfigSources): HubConfig {
	let raw: Record<string, unknown> = {};
	let base = process.cwd();
	if (file) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (error) {
			throw new ConfigError(`Cannot read the configuration ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
		}
		try {
			const parsed = JSON.parse(text) as unknown;
			if (!isObject(parsed)) throw new Error('not an object');
			raw = parsed;
		} catch (error) {
			throw new ConfigError(`The configuration ${file} is not a JSON object: ${(error as Error).message}`);
		}
		base = dirname(resolve(file));
	}
	const tokens = [
		...(Array.isArray(raw.tokens) ? raw.tokens.map((token, index) => checkToken(token, `${file}: tokens[${index}]`)) : []),
		...(env.DATA_CONNECTORS_HUB_TOKENS ? tokensFromText(env.DATA_CONNECTORS_HUB_TOKENS, 'DATA_CONNECTORS_HUB_TOKENS') : []),
	];
	if (!tokens.length) {
		throw new ConfigError(
			'The hub needs at least one API token: add "tokens" to the configuration file or set DATA_CONNECTORS_HUB_TOKENS="name:role:token" (roles: read, edit, admin)',
		);
	}
	const postgres = flags.postgres ?? env.DATA_CONNECTORS_HUB_POSTGRES ?? (typeof raw.postgres === 'string' ? raw.postgres : undefined);
	const folderValue = flags.folder ?? (typeof raw.folder === 'string' ? resolve(base, raw.folder) : undefined);
	if (postgres && folderValue) throw new ConfigError('Choose one store: --folder or --postgres, not both');
	const n8nRaw = isObject(raw.n8n) ? raw.n8n : {};
	const n8nUrl = env.N8N_API_URL ?? (typeof n8nRaw.url === 'string' ? n8nRaw.url : undefined);
	const n8nKey = env.N8N_API_KEY ?? (typeof n8nRaw.apiKey === 'string' ? n8nRaw.apiKey : undefined);
	if (Boolean(n8nUrl) !== Boolean(n8nKey)) throw new ConfigError("n8n's API needs both a URL and an API key (n8n.url and n8n.apiKey, or N8N_API_URL and N8N_API_KEY)");
	const port = Number(flags.port ?? raw.port ?? DEFAULT_PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`The port must be a whole number from 0 to 65535, not "${flags.port ?? String(raw.port)}"`);
	const bodyLimit = Number(flags.bodyLimit ?? raw.bodyLimit ?? DEFAULT_BODY_LIMIT);
	if (!Number.isInteger(bodyLimit) || bodyLimit < 1024) throw new ConfigError('bodyLimit must be a whole number of bytes, at least 1024');
	return {
		host: flags.host ?? (typeof raw.host === 'string' ? raw.host : '127.0.0.1'),
		port,
		postgres,
		folder: postgres ? undefined : (folderValue ?? resolve('registry')),
		tokens,
		n8n: n8nUrl && n8nKey ? { url: n8nUrl, apiKey: n8nKey } : undefined,
		bodyLimit,
	};
}
