/**
 * A registry folder of connector definition files, read fresh on every call (no cache: a write
 * must compare against what is on disk now) and written only through `change()`, which holds the
 * folder's lock around read-compare-write and writes atomically (fs-safe.ts).
 *
 * Uses the file system, so it works on self-hosted n8n and in the CLI only (eslint.config.mjs
 * exempts it from the n8n Cloud rules). Files are "<key>.json" when created here; files written by
 * hand keep their names. Hidden files and anything not ending in ".json" are not definitions.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DefinitionError, parseDefinition } from '../definition/validate';
import type { ConnectorDefinition } from '../definition/types';
import { type AtomicWriteOptions, type LockOptions, removeFile, removeTempLeftovers, withFolderLock, writeFileAtomic } from './fs-safe';

export interface StoredFile {
	/** File name inside the folder: "tickets.json". */
	name: string;
	/** The parsed JSON, undefined when the file is not JSON. */
	document?: unknown;
	/** The validated definition, when the document is valid. */
	definition?: ConnectorDefinition;
	/** Validation messages ("tickets.json: /endpoints/0/method: ...") when it is not. */
	problems?: string[];
	/** The key the file claims, valid or not. */
	key?: string;
	/** Indentation the file uses, kept when it is rewritten. */
	indent: string;
}

export interface RegistryFolderOptions {
	lock?: LockOptions;
	write?: AtomicWriteOptions;
	/** Called inside the lock after the folder was read, before the change is decided (tests widen races with it). */
	afterRead?: () => Promise<void>;
}

/** What a change does: write a document to a file, remove a file, or nothing; and what to return. */
export type FolderChange<T> = { result: T; write?: { name: string; document: unknown; indent?: string }; remove?: string };

function indentOf(text: string): string {
	return /^\{\r?\n(\s+)"/.exec(text)?.[1] ?? '  ';
}

/** One stored document, parsed and validated; `name` is its file name (or the storage's equivalent). */
export function storedFromText(name: string, text: string): StoredFile {
	const indent = indentOf(text);
	let document: unknown;
	try {
		document = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
	} catch (error) {
		return { name, indent, problems: [`${name}: /: not valid JSON: ${(error as Error).message}`] };
	}
	const claimed = document !== null && typeof document === 'object' ? (document as { key?: unknown }).key : undefined;
	const key = typeof claimed === 'string' ? claimed : undefined;
	try {
		return { name, indent, document, key, definition: parseDefinition(document, name) };
	} catch (error) {
		if (!(error instanceof DefinitionError)) throw error;
		return { name, indent, document, key, problems: error.message.split('\n') };
	}
}

/**
 * Where the registry keeps its definitions: this folder, or another store with the same contract
 * (the Connector Hub's PostgreSQL store). `files()` is what is stored now; `change()` reads again,
 * decides and writes as one step that no other writer can interleave with.
 */
export interface RegistryStorage {
	/** Where it is, for messages: a folder path or a database description. */
	readonly folder: string;
	files(): StoredFile[];
	change<T>(decide: (files: StoredFile[]) => FolderChange<T>): Promise<T>;
}

export class RegistryFolder implements RegistryStorage {
	constructor(
		readonly folder: string,
		private readonly options: RegistryFolderOptions = {},
	) {}

	exists(): boolean {
		return existsSync(this.folder) && statSync(this.folder).isDirectory();
	}

	/** Every definition file of the folder, sorted by file name. A missing folder is empty. */
	files(): StoredFile[] {
		if (!this.exists()) return [];
		return readdirSync(this.folder)
			.filter((name) => name.endsWith('.json') && !name.startsWith('.'))
			.sort()
			.filter((name) => statSync(join(this.folder, name)).isFile())
			.map((name) => this.read(name));
	}

	/** One file of the folder, read and validated (a caching store overrides this). */
	protected read(name: string): StoredFile {
		return storedFromText(name, readFileSync(join(this.folder, name), 'utf8'));
	}

	/**
	 * Reads the folder and applies `decide`'s change, all inside the folder's lock, so what `decide`
	 * compared against is still what is on disk when the change is written.
	 */
	async change<T>(decide: (files: StoredFile[]) => FolderChange<T>): Promise<T> {
		mkdirSync(this.folder, { recursive: true });
		return await withFolderLock(
			this.folder,
			async () => {
				removeTempLeftovers(this.folder);
				const files = this.files();
				await this.options.afterRead?.();
				const change = decide(files);
				if (change.write) {
					const text = `${JSON.stringify(change.write.document, null, change.write.indent ?? '  ')}\n`;
					await writeFileAtomic(join(this.folder, change.write.name), text, this.options.write);
				}
				if (change.remove) removeFile(join(this.folder, change.remove));
				return change.result;
			},
			this.options.lock,
		);
	}
}
