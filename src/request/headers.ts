/**
 * Header merging. Names are case-insensitive (RFC 9110), so "content-type" from one layer replaces
 * "Content-Type" from a lower one; the name is kept as the winning layer wrote it.
 *
 * Precedence, lowest to highest (documented in docs/connector-format.md):
 *   1. runtime defaults: Accept, and Content-Type from the body type
 *   2. the connector's headers
 *   3. the endpoint's headers
 *   4. authentication (added by the credential; definitions cannot contain auth headers)
 * A layer whose value resolves to nothing (an optional input left empty) does not override.
 */
/**
 * Why HTTP cannot carry a header value, or undefined. Values are refused, never altered: a client
 * that silently strips a NUL or an emoji sends something nobody wrote (RFC 9110 5.5: field values
 * are visible Latin-1 text, spaces and tabs).
 */
export function headerValueProblem(value: string): string | undefined {
	if (/[\r\n]/.test(value)) return 'contains a line break (CR or LF), which is not allowed in HTTP headers';
	const control = /[\x00-\x08\x0b-\x1f\x7f]/.exec(value)?.[0];
	if (control !== undefined) return `contains the control character ${codePoint(control)}, which HTTP headers cannot carry`;
	const wide = /[^\x00-\xff]/u.exec(value)?.[0];
	if (wide !== undefined) {
		return `contains ${codePoint(wide)}, which HTTP headers cannot carry (only Latin-1 text); send it URL-encoded or in the body instead`;
	}
	return undefined;
}

const codePoint = (char: string): string => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

export class HeaderBag {
	private readonly entries = new Map<string, [string, string]>();

	set(name: string, value: string | undefined): this {
		if (value !== undefined) this.entries.set(name.toLowerCase(), [name, value]);
		return this;
	}

	has(name: string): boolean {
		return this.entries.has(name.toLowerCase());
	}

	delete(name: string): this {
		this.entries.delete(name.toLowerCase());
		return this;
	}

	toObject(): Record<string, string> {
		return Object.fromEntries(this.entries.values());
	}
}
