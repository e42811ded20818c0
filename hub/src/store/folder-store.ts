/**
 * The embedded store: the registry's folder of JSON files (atomic writes, a lock file), the same
 * folder DATA_CONNECTORS_REGISTRY used to name. A file is parsed and validated again only when its
 * modification time, size or inode changes (an atomic write renames a new inode into place), so
 * serving a connector costs a directory listing and a few stats, not a parse.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RegistryFolder, type RegistryFolderOptions, type StoredFile } from '../runtime';
import type { HubStore } from './hub-store';

class CachedRegistryFolder extends RegistryFolder {
	private readonly cache = new Map<string, { stamp: string; file: StoredFile }>();

	protected override read(name: string): StoredFile {
		const stat = statSync(join(this.folder, name));
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
		close: async () => undefined,
	};
}
