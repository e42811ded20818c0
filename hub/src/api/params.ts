/** Query parameters and versions as the API reads them: unknown parameters are refused, not ignored. */
import { createHash } from 'node:crypto';
import { HttpError } from '../http/errors';

/** Refuses any query parameter not in `allowed` (a typo must not silently mean something else). */
export function checkQuery(query: URLSearchParams, allowed: string[]): void {
	for (const name of new Set(query.keys())) {
		if (!allowed.includes(name)) {
			throw new HttpError(
				400,
				'unknown-parameter',
				`Unknown query parameter "${name}"${allowed.length ? `; this request takes ${allowed.join(', ')}` : '; this request takes none'}`,
			);
		}
	}
}

export function flag(query: URLSearchParams, name: string): boolean {
	const value = query.get(name);
	if (value === null || value === 'false') return false;
	if (value === 'true' || value === '') return true;
	throw new HttpError(400, 'invalid-parameter', `${name} must be true or false, not "${value}"`);
}

export function wholeNumber(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
	const value = query.get(name);
	if (value === null || value === '') return undefined;
	const number = Number(value);
	if (!/^\d+$/.test(value) || number < min || number > max) {
		throw new HttpError(400, 'invalid-parameter', `${name} must be a whole number from ${min} to ${max}, not "${value}"`);
	}
	return number;
}

export function oneOf<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T | undefined {
	const value = query.get(name);
	if (value === null || value === '') return undefined;
	if (!values.includes(value as T)) throw new HttpError(400, 'invalid-parameter', `${name} must be one of ${values.join(', ')}, not "${value}"`);
	return value as T;
}

const hash = (value: unknown) => createHash('sha1').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/** `"<version>-<hash of what a reader sees>"`: the version for If-Match, the hash for hand-edited files. */
export function connectorEtag(version: number, masked: unknown): string {
	return `"${version}-${hash(masked)}"`;
}

/** A strong ETag of any JSON answer (lists), for If-None-Match. */
export function bodyEtag(body: unknown): string {
	return `"${hash(body)}"`;
}

export function versionOfEtag(tag: string): number | undefined {
	const match = /^(?:W\/)?"(\d+)-[0-9a-f]+"$/.exec(tag.trim());
	return match ? Number(match[1]) : undefined;
}

/** True when an If-None-Match header names `etag` (or is "*"). */
export function notModified(header: string | undefined, etag: string): boolean {
	if (!header) return false;
	return header.split(',').some((tag) => {
		const trimmed = tag.trim();
		return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
	});
}
