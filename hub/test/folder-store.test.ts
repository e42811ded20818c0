/** The store contract over the embedded folder store: two hub instances share one folder (the lock file serialises their writes). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderStore } from '../src/store/folder-store';
import { storeContract } from './store-contract';

const folder = mkdtempSync(join(tmpdir(), 'hub-folder-contract-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('folder store', () => {
	storeContract(async () => ({
		open: async () => folderStore(folder),
		stored: async (key) => {
			const file = join(folder, `${key}.json`);
			return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
		},
	}));
});
