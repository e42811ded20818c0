/**
 * API tokens with roles, from the hub's configuration. A request carries one as
 * `Authorization: Bearer <token>`; no token or an unknown one is 401, a token whose role is too low
 * is 403. Roles are ordered: read < edit < admin. Tokens are compared in constant time and never
 * logged: the log names a token by its configured name.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors';

export const ROLES = ['read', 'edit', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiToken {
	/** Shown in the log instead of the token: "n8n production", "ci". */
	name: string;
	role: Role;
	token: string;
}

export interface Caller {
	name: string;
	role: Role;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export class TokenAuthenticator {
	private readonly tokens: Array<{ digest: Buffer; caller: Caller }>;

	constructor(tokens: ApiToken[]) {
		this.tokens = tokens.map(({ name, role, token }) => ({ digest: digest(token), caller: { name, role } }));
	}

	/** Who sent the request; throws 401 when nobody we know did. */
	authenticate(request: IncomingMessage): Caller {
		const header = request.headers.authorization ?? '';
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
		const challenge = { 'WWW-Authenticate': 'Bearer realm="data-connectors-hub"' };
		if (!match) {
			throw new HttpError(401, 'unauthorized', 'Send an API token of the hub as "Authorization: Bearer <token>"', {}, challenge);
		}
		const given = digest(match[1]);
		// Compare with every token (no early exit) so timing says nothing about which one matched.
		let found: Caller | undefined;
		for (const entry of this.tokens) if (timingSafeEqual(entry.digest, given)) found = entry.caller;
		if (!found) throw new HttpError(401, 'unauthorized', 'The API token is not valid for this hub', {}, challenge);
		return found;
	}
}

export function requireRole(caller: Caller, role: Role, what: string): void {
	if (ROLES.indexOf(caller.role) < ROLES.indexOf(role)) {
		throw new HttpError(403, 'forbidden', `${what} needs a token with the ${role} role; the token "${caller.name}" has the ${caller.role} role`);
	}
}
