/**
 * The embedded store: the registry's folder of JSON files (atomic writes, a lock file), the same
 * folder DATA_CONNECTORS_REGISTRY used to name. A file is parsed and validated again only when its
 * modification time, size or inode changes (an atomic write renames a new inode into place), so
 * serving a connector costs one directory listing and one stat per file, not a parse: what another
 * process (a second hub on the same folder, a hand edit) wrote is seen by the next request.
 */
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RegistryFolder, type RegistryFolderOptions, type StoredFile } from '../runtime';
import type { HubStore } from './hub-store';
import { memorySlots } from './rate-slots';

class CachedRegistryFolder extends RegistryFolder {
	private readonly cache = new Map<string, { stamp: string; file: StoredFile }>();

	/** As RegistryFolder.files() (sorted *.json files, a missing folder is empty), with one stat per file instead of three. */
	override files(): StoredFile[] {
		let entries: Dirent[];
		try {
			entries = readdirSync(this.folder, { withFileTypes: true });
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' || code === 'ENOTDIR') return [];
			throw error;
		}
		const names = entries
			.filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.json') && !entry.name.startsWith('.'))
			.map((entry) => entry.name)
			.sort();
		const files: StoredFile[] = [];
		for (const name of names) {
			const file = this.cached(name);
			if (file) files.push(file);
		}
		if (this.cache.size > names.length) for (const name of this.cache.keys()) if (!names.includes(name)) this.cache.delete(name);
		return files;
	}

	protected override read(name: string): StoredFile {
		const file = this.cached(name);
		if (!file) throw Object.assign(new Error(`${name} is not a file`), { code: 'EISDIR' });
		return file;
	}

	/** The parsed file, parsed again only when its stamp changed; undefined when it is not a regular file (or is gone). */
	private cached(name: string): StoredFile | undefined {
		let stat;
		try {
			stat = statSync(join(this.folder, name));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw error;
		}
		if (!stat.isFile()) return undefined;
		const stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
		const cached = this.cache.get(name);
		if (cached?.stamp === stamp) return cached.file;
		const file = super.read(name);
		this.cache.set(name, { stamp, file });
		return file;
	}
}

export function folderStore(folder: string, options: RegistryFolderOptions = {}): HubStore {
	const storage = new CachedRegistryFolder(resolve(folder), options);
	return {
		storage,
		description: `the folder ${storage.folder}`,
		refresh: async () => undefined,
		// One hub process per folder: its slots live in the process.
		slots: memorySlots(),
		close: async () => undefined,
	};
}
