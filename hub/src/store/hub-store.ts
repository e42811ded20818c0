/**
 * What the hub stores connectors in: the registry's storage contract (src/registry/store.ts: read
 * everything, or read-decide-write as one step no other writer interleaves with) plus what a
 * service needs around it. Both stores keep the registry's optimistic versioning: the version is
 * compared inside `change()`, so of two writers based on the same version exactly one wins.
 */
import type { RegistryStorage } from '../runtime';
import type { RateSlots } from './rate-slots';

export interface HubStore {
	readonly storage: RegistryStorage;
	/** "the folder ./registry", "PostgreSQL at 127.0.0.1:5432/hub" (no password). */
	readonly description: string;
	/** Brings `storage.files()` up to date before a request is answered. */
	refresh(): Promise<void>;
	/** Send slots of shared rate limits (./rate-slots.ts): in the process, or in the database every instance shares. */
	readonly slots: RateSlots;
	close(): Promise<void>;
}
