/**
 * Telling new records from seen ones, for the polling trigger. Pure: the trigger keeps the state in
 * n8n's workflow static data and commits it only after a poll succeeded, so a failing poll neither
 * loses nor repeats a record.
 *
 *   key mode     a record is new when its key (one or more fields) was not seen before; the
 *                remembered keys are capped (oldest forgotten first) so a long-running workflow
 *                does not grow forever
 *   cursor mode  a record is new when its cursor field (a timestamp or increasing number) is above
 *                the highest value seen; only that value is remembered
 */
import { valueAt } from '../execute/paginate';

export const DEFAULT_MEMORY_CAP = 10000;

export type ResponseRecordLike = Record<string, unknown>;

export type DedupeConfig =
	| { mode: 'key'; keyFields: string[]; cap: number }
	| { mode: 'cursor'; cursorField: string };

export interface PollState {
	/** Set once the first poll has remembered what already existed. */
	seeded: boolean;
	/** Key mode: remembered keys, oldest first. */
	keys?: string[];
	/** Cursor mode: the highest cursor seen. */
	cursor?: string | number;
}

export class DedupeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DedupeError';
	}
}

export function recordKey(record: Record<string, unknown>, fields: string[], index: number): string {
	const values = fields.map((field) => {
		const value = valueAt(record, field);
		if (value === undefined || value === null || value === '') {
			throw new DedupeError(
				`Record ${index + 1} of the response has no "${field}", which is needed to tell new records from seen ones; choose key fields that every record has`,
			);
		}
		return value;
	});
	return JSON.stringify(values.length === 1 ? values[0] : values);
}

/** Numbers compare as numbers; ISO dates as instants; anything else as text. */
export function compareCursors(a: string | number, b: string | number): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const da = typeof a === 'string' ? Date.parse(a) : NaN;
	const db = typeof b === 'string' ? Date.parse(b) : NaN;
	if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
	return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function cursorOf(record: Record<string, unknown>, field: string, index: number): string | number {
	const value = valueAt(record, field);
	if (typeof value === 'number' || (typeof value === 'string' && value !== '')) return value;
	throw new DedupeError(
		`Record ${index + 1} of the response has no usable "${field}" (a timestamp or number is needed to tell new records from seen ones)`,
	);
}

export interface Selection<T> {
	fresh: T[];
	/** A record that was seen before is among these: older pages need not be fetched. */
	reachedSeen: boolean;
}

/** The records of one page that are new, given the state before this poll and what this poll already took. */
export function selectNew<T extends Record<string, unknown>>(
	records: T[],
	state: PollState,
	config: DedupeConfig,
	takenThisPoll: Set<string>,
	offset = 0,
): Selection<T> {
	const fresh: T[] = [];
	let reachedSeen = false;
	const seen = new Set(state.keys ?? []);
	records.forEach((record, index) => {
		if (config.mode === 'key') {
			const key = recordKey(record, config.keyFields, offset + index);
			if (seen.has(key)) reachedSeen = true;
			else if (!takenThisPoll.has(key)) {
				takenThisPoll.add(key);
				fresh.push(record);
			}
			return;
		}
		const cursor = cursorOf(record, config.cursorField, offset + index);
		if (state.cursor !== undefined && compareCursors(cursor, state.cursor) <= 0) reachedSeen = true;
		else fresh.push(record);
	});
	return { fresh, reachedSeen };
}

/** The state after a successful poll that took `taken` records (all of them, also the ones not emitted). */
export function commit(state: PollState, taken: Array<Record<string, unknown>>, config: DedupeConfig): PollState {
	if (config.mode === 'key') {
		const keys = [...(state.keys ?? []), ...taken.map((record, index) => recordKey(record, config.keyFields, index))];
		return { seeded: true, keys: keys.slice(Math.max(0, keys.length - config.cap)) };
	}
	let cursor = state.cursor;
	taken.forEach((record, index) => {
		const value = cursorOf(record, config.cursorField, index);
		if (cursor === undefined || compareCursors(value, cursor) > 0) cursor = value;
	});
	return { seeded: true, ...(cursor !== undefined ? { cursor } : {}) };
}
