/**
 * OAuth2 access tokens held per credential, with one fetch at a time (pure: no n8n, no network).
 *
 * Rules, in the order `acquire` applies them:
 *   1. A fetch under way: wait for it and use its token (concurrent items never fetch twice).
 *   2. A caller reporting that its token was refused (an expiry status): when the entry already
 *      holds another token (someone refreshed meanwhile), use that one; otherwise fetch.
 *   3. A token that expires within the margin (from the token endpoint's `expires_in`) is
 *      refreshed before it is sent, not after a refusal.
 *   4. No token: fetch.
 * The caller that runs the fetch gets the fetch's own result as well (inside n8n the first request
 * of an item carries the fetch: see nodes/shared/oauth2-access.ts). A failed fetch fails every
 * caller waiting for it, and the next call tries again.
 */

export interface TokenSet {
	accessToken: string;
	refreshToken?: string;
	/** Epoch milliseconds when the token endpoint said the token expires (from `expires_in`). */
	expiresAt?: number;
}

/** Refresh this long before the token expires, at most; a tenth of a short lifetime at least. */
export const REFRESH_MARGIN_MS = 30_000;

export interface Acquired<R> {
	token: TokenSet;
	/** Set for the caller that ran the fetch: what its fetch function returned besides the token. */
	fetched?: R;
}

export type TokenFetch<R> = (current: TokenSet | undefined) => Promise<{ token: TokenSet; result: R }>;

export class TokenEntry {
	private token?: TokenSet;
	private obtainedAt?: number;
	private inflight?: Promise<TokenSet>;

	constructor(
		private readonly now: () => number,
		seed?: TokenSet,
	) {
		if (seed?.accessToken) this.token = seed;
	}

	/** The token held now (for masking and tests), fetched or seeded. */
	get current(): TokenSet | undefined {
		return this.token;
	}

	/** Whether the held token should be replaced before it is sent. */
	expiresSoon(at = this.now()): boolean {
		const expiresAt = this.token?.expiresAt;
		if (expiresAt === undefined) return false;
		const lifetime = this.obtainedAt !== undefined ? expiresAt - this.obtainedAt : Infinity;
		const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 10);
		return expiresAt - at <= margin;
	}

	async acquire<R>(fetch: TokenFetch<R>, refused?: string): Promise<Acquired<R>> {
		if (this.inflight) return { token: await this.inflight };
		const token = this.token;
		if (token && refused !== undefined && token.accessToken !== refused) return { token };
		if (token && refused === undefined && !this.expiresSoon()) return { token };

		let settle!: { resolve: (token: TokenSet) => void; reject: (error: unknown) => void };
		this.inflight = new Promise<TokenSet>((resolve, reject) => (settle = { resolve, reject }));
		// Waiters need a handler even when nobody waits, or a refused fetch is an unhandled rejection.
		this.inflight.catch(() => undefined);
		try {
			const { token: fresh, result } = await fetch(token);
			this.token = fresh;
			this.obtainedAt = this.now();
			settle.resolve(fresh);
			return { token: fresh, fetched: result };
		} catch (error) {
			settle.reject(error);
			throw error;
		} finally {
			this.inflight = undefined;
		}
	}
}

/**
 * Entries by key (credential id and a fingerprint of the fields that decide which token is valid,
 * so an edited credential starts afresh). Bounded: the oldest entry goes first.
 */
export class TokenCache {
	private readonly entries = new Map<string, TokenEntry>();

	constructor(
		private readonly now: () => number = () => Date.now(),
		private readonly maxEntries = 500,
	) {}

	entry(key: string, seed?: TokenSet): TokenEntry {
		let entry = this.entries.get(key);
		if (!entry) {
			if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
			entry = new TokenEntry(this.now, seed);
			this.entries.set(key, entry);
		}
		return entry;
	}

	get size(): number {
		return this.entries.size;
	}
}

/** A short, stable fingerprint of some values (FNV-1a, 2×32 bits): cache keys hold no secret. */
export function fingerprint(values: readonly unknown[]): string {
	const text = JSON.stringify(values);
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		a = Math.imul(a ^ code, 0x01000193);
		b = Math.imul(b ^ code, 0x5bd1e995);
	}
	return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}
