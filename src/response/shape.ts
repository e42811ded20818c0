/**
 * Output shaping: the "Simplified" output keeps only the fields an endpoint declares
 * (`response.fields`), in the declared order, renamed where the definition says so. A field the
 * record does not have is output as null, so every simplified item has the same keys and a
 * downstream node (or an AI agent) can rely on them. Pure: records in, records out.
 */
import { responseFieldName } from '../definition/schema';
import type { ResponseDefinition } from '../definition/types';
import type { ResponseRecord } from './types';

export type ResponseFields = NonNullable<ResponseDefinition['fields']>;

/** The value at a dot path of own properties ("customer.email", "lines.0.sku"), or undefined. */
function valueAtPath(record: unknown, path: string): unknown {
	let current = record;
	for (const segment of path.split('.')) {
		if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}

export function simplifyRecord(record: ResponseRecord, fields: ResponseFields): ResponseRecord {
	const simplified: ResponseRecord = {};
	for (const field of fields) {
		const path = typeof field === 'string' ? field : field.path;
		simplified[responseFieldName(field)] = valueAtPath(record, path) ?? null;
	}
	return simplified;
}

export function simplifyRecords(records: ResponseRecord[], fields: ResponseFields | undefined): ResponseRecord[] {
	return fields ? records.map((record) => simplifyRecord(record, fields)) : records;
}
