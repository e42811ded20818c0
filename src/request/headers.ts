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
