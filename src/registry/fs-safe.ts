/**
 * Safe writes into a registry folder, for the CLI and for n8n on a self-hosted host (this file uses
 * the file system and the process: eslint.config.mjs exempts it from the n8n Cloud rules).
 *
 * Atomic write: the new text goes to a hidden temp file in the same folder (".<name>.<pid>.<random>.tmp",
 * never "*.json", so no reader ever picks it up), is flushed to disk (fsync), and is renamed over the
 * target; the folder is fsynced so the rename survives a power cut. A reader sees the old file or the
 * new one, never half of one. A writer that fails removes its temp file; one that is killed leaves
 * it behind, and the next writer (which holds the lock, so no other write can be in progress)
 * removes every such leftover.
 *
 * Lock: one lock file per registry folder (".data-connectors.lock"), created with O_EXCL, holding
 * the owner's pid, host and time. Every write (create, update, delete, status) reads, compares and
 * writes inside it, so two processes cannot both update from the same version. A lock whose owner
 * died (same host, pid gone) or that is older than `staleMs` is taken over; a waiting writer polls
 * until `timeoutMs`, then gives up with a message naming the owner.
 */
import {
	closeSync,
	fsyncSync,
	linkSync,
	openSync,
	readdirSync,
	readFileSync,
	renameSync,
	statSync,
	unlinkSync,
	writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/** Steps of an atomic write, for tests that make one fail or stop there. */
export type WriteStep = 'opened' | 'written' | 'synced' | 'renamed';

export interface AtomicWriteOptions {
	/** Called before each step goes on; a throw aborts the write (the old file stays intact). */
	onStep?: (step: WriteStep, tempFile: string) => void | Promise<void>;
}

export const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]+\.tmp$/;

function syncFolder(folder: string): void {
	let fd: number | undefined;
	try {
		fd = openSync(folder, 'r');
		fsyncSync(fd);
	} catch {
		// Some platforms (Windows) cannot open or fsync a folder; the rename is atomic regardless.
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

function removeQuietly(file: string): void {
	try {
		unlinkSync(file);
	} catch {
		// already gone
	}
}

/** Writes `text` to `file` atomically (see above). */
export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
	const folder = dirname(file);
	const temp = join(folder, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
	let fd: number | undefined;
	let renamed = false;
	try {
		fd = openSync(temp, 'wx', 0o644);
		await options.onStep?.('opened', temp);
		const data = Buffer.from(text, 'utf8');
		let offset = 0;
		while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
		await options.onStep?.('written', temp);
		fsyncSync(fd);
		closeSync(fd);
		fd = undefined;
		await options.onStep?.('synced', temp);
		renameSync(temp, file);
		renamed = true;
		syncFolder(folder);
		await options.onStep?.('renamed', temp);
	} finally {
		if (fd !== undefined) closeSync(fd);
		if (!renamed) removeQuietly(temp);
	}
}

/** Removes `file` and makes the removal durable. */
export function removeFile(file: string): void {
	unlinkSync(file);
	syncFolder(dirname(file));
}

/** Leftover temp files of killed writers; only call while holding the folder's lock. */
export function removeTempLeftovers(folder: string): string[] {
	const leftovers = readdirSync(folder).filter((name) => TEMP_FILE.test(name));
	for (const name of leftovers) removeQuietly(join(folder, name));
	return leftovers;
}

export const LOCK_FILE = '.data-connectors.lock';

export interface LockOptions {
	/** Give up waiting after this long (default 10 s). */
	timeoutMs?: number;
	/** A lock older than this is abandoned, whoever holds it (default 30 s; writes take milliseconds). */
	staleMs?: number;
	/** Wait between attempts (default 20 ms, with jitter). */
	pollMs?: number;
}

interface LockOwner {
	pid?: number;
	host?: string;
	since?: string;
	token?: string;
}

export class LockTimeoutError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'LockTimeoutError';
	}
}

function readOwner(file: string): LockOwner {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
	} catch {
		// Empty (its owner was killed between creating and writing it) or unreadable.
		return {};
	}
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Why the lock at `file` may be taken over, or undefined while its owner may still be working. */
function staleReason(file: string, owner: LockOwner, staleMs: number): string | undefined {
	if (owner.host === hostname() && typeof owner.pid === 'number' && owner.pid !== process.pid && !processAlive(owner.pid)) {
		return `process ${owner.pid} has ended`;
	}
	let age: number;
	try {
		age = Date.now() - statSync(file).mtimeMs;
	} catch {
		return undefined; // gone already: the next attempt takes it
	}
	return age > staleMs ? `it is ${Math.round(age / 1000)} s old` : undefined;
}

/**
 * Creates the lock with its owner already in it: the owner is written to a side file that is then
 * hard-linked to the lock's name (fails if the name exists). A writer killed half-way leaves a side
 * file (".data-connectors.lock.<pid>.<hex>.new", not a temp file that lock holders clean up while
 * others create theirs), never an empty lock that no one could tell from a live one for `staleMs`.
 * File systems without hard links get the lock created empty, then written.
 */
function tryCreate(file: string, owner: LockOwner): boolean {
	const text = JSON.stringify(owner);
	const side = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.new`;
	writeSynced(side, text);
	try {
		linkSync(side, file);
		return true;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return false;
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
	} finally {
		removeQuietly(side);
	}
	try {
		writeSynced(file, text);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}
}

/** Creates `file` (failing if it exists) with `text`, flushed. */
function writeSynced(file: string, text: string): void {
	const fd = openSync(file, 'wx', 0o644);
	try {
		writeSync(fd, text);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/**
 * Takes over a stale lock. The lock is renamed away first (atomic), then checked: if another writer
 * replaced it in between with a live lock of its own, that lock is put back.
 */
function breakStale(file: string, seen: LockOwner): void {
	const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
	try {
		renameSync(file, aside);
	} catch {
		return; // someone else took it over first
	}
	const moved = readOwner(aside);
	if (moved.token !== seen.token) {
		// Not the lock judged stale: give it back unless a third writer holds the name by now.
		try {
			renameSync(aside, file);
			return;
		} catch {
			// fall through and drop it
		}
	}
	removeQuietly(aside);
}

/** Runs `action` while holding the folder's lock; the lock is released however `action` ends. */
export async function withFolderLock<T>(folder: string, action: () => Promise<T>, options: LockOptions = {}): Promise<T> {
	const file = join(folder, LOCK_FILE);
	const timeoutMs = options.timeoutMs ?? 10_000;
	const staleMs = options.staleMs ?? 30_000;
	const pollMs = options.pollMs ?? 20;
	const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (tryCreate(file, owner)) break;
		const current = readOwner(file);
		if (staleReason(file, current, staleMs)) {
			breakStale(file, current);
			continue;
		}
		if (Date.now() >= deadline) {
			const who = current.pid ? `process ${current.pid}${current.host ? ` on ${current.host}` : ''}` : 'another writer';
			throw new LockTimeoutError(
				`The registry folder ${folder} is locked by ${who}${current.since ? ` since ${current.since}` : ''}; try again in a moment (a lock older than ${Math.round(staleMs / 1000)} s is taken over)`,
			);
		}
		await delay(pollMs / 2 + Math.random() * pollMs);
	}
	try {
		return await action();
	} finally {
		// Only remove our own lock (a lock taken over as stale now belongs to someone else).
		if (readOwner(file).token === owner.token) removeQuietly(file);
	}
}
