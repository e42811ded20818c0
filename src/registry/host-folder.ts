/**
 * The registry folder on the n8n host: connector files an n8n administrator drops into the folder
 * named by the DATA_CONNECTORS_REGISTRY environment variable appear in the Data Connector node
 * next to the packaged ones, without rebuilding this package.
 *
 * This is the one file of node code that touches the file system and the environment, so it only
 * works on self-hosted n8n (eslint.config.mjs exempts it from the n8n Cloud rules, on purpose).
 * Files are re-read only when their modification time changes, so the editor's option lists and
 * every execution can call it freely.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DefinitionError, parseDefinitionText } from '../definition/validate';
import type { ConnectorDefinition } from '../definition/types';

export const REGISTRY_ENV = 'DATA_CONNECTORS_REGISTRY';

export interface RegistryEntry {
	/** "<folder>/orders.json" */
	file: string;
	definition?: ConnectorDefinition;
	/** Validation messages when the file is invalid ("orders.json: /endpoints/0/method: ..."). */
	problems?: string[];
	/** The key the file claims, even when invalid, so an execution can say which file is broken. */
	claimedKey?: string;
}

const cache = new Map<string, { mtimeMs: number; entry: RegistryEntry }>();

export function registryFolder(): string | undefined {
	const folder = process.env[REGISTRY_ENV]?.trim();
	return folder ? folder : undefined;
}

function readEntry(file: string, source: string): RegistryEntry {
	const text = readFileSync(file, 'utf8');
	let claimedKey: string | undefined;
	try {
		const key = (JSON.parse(text) as { key?: unknown }).key;
		if (typeof key === 'string') claimedKey = key;
	} catch {
		// reported by the validator below
	}
	try {
		return { file: source, definition: parseDefinitionText(text, source), claimedKey };
	} catch (error) {
		if (!(error instanceof DefinitionError)) throw error;
		return { file: source, problems: error.message.split('\n'), claimedKey };
	}
}

/** Every *.json file of the folder, validated; an unreadable folder is an empty registry with a problem. */
export function loadRegistryFolder(folder: string): RegistryEntry[] {
	let names: string[];
	try {
		names = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
	} catch (error) {
		return [{ file: folder, problems: [`${folder}: the connector registry folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`] }];
	}
	return names.map((name) => {
		const file = join(folder, name);
		const mtimeMs = statSync(file).mtimeMs;
		const cached = cache.get(file);
		if (cached && cached.mtimeMs === mtimeMs) return cached.entry;
		const entry = readEntry(file, name);
		cache.set(file, { mtimeMs, entry });
		return entry;
	});
}
