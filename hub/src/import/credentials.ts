/**
 * Recognising credentials in literal requests (curl commands, Postman requests): an Authorization
 * header, an API-key header or query parameter, `-u user:password`. They become the connector's
 * auth type; the secret itself is never written anywhere (not in the definition, not in sample
 * data, not in the report).
 */
import type { ConnectorDefinitionInput } from 'n8n-nodes-data-connectors';
import type { ImportReport } from './report';

export type AuthInput = NonNullable<ConnectorDefinitionInput['auth']>;

/** Header names whose value is a credential (the validator refuses them in a definition). */
export const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-?api-?key|api-?key|x-auth-token|x-access-token)$|secret|password|passwd|api[-_]?key|access[-_]?token|auth[-_]?token/i;
/** Query parameters that carry a key or token. */
export const SECRET_QUERY = /^(api[-_]?key|apikey|key|token|access[-_]?token|auth[-_]?token|client[-_]?secret|secret|password|sig|signature)$/i;

/** Collects the one auth type of a connector; a second, different credential is reported. */
export class AuthCollector {
	auth: AuthInput = { type: 'none' };

	constructor(private readonly report: ImportReport) {}

	private set(auth: AuthInput, where: string, what: string): void {
		if (this.auth.type === 'none') {
			this.auth = auth;
			this.report.note(where, `${what} became auth type "${auth.type}"; the secret was not written: enter it in the n8n credential`);
		} else if (JSON.stringify(this.auth) !== JSON.stringify(auth)) {
			this.report.dropped(where, `${what} dropped: the connector already authenticates with "${this.auth.type}" and has one auth type`);
		}
	}

	/** Returns true when the header was a credential (and must not be kept). */
	header(name: string, value: string, where: string): boolean {
		if (/^authorization$/i.test(name)) {
			const scheme = /^\s*(\S+)\s+/.exec(value)?.[1]?.toLowerCase();
			if (scheme === 'bearer') this.set({ type: 'bearer' }, where, 'header Authorization: Bearer …');
			else if (scheme === 'basic') this.set({ type: 'basic' }, where, 'header Authorization: Basic …');
			else {
				this.set({ type: 'apiKey', in: 'header', name: 'Authorization' }, where, `header Authorization (${scheme ?? 'no'} scheme)`);
				this.report.approximated(where, 'the Authorization header became an API key sent as the whole header value: enter the value with its scheme in the credential');
			}
			return true;
		}
		if (/^cookie$/i.test(name)) {
			this.report.dropped(where, 'header Cookie dropped: cookies are session credentials; the value was not written');
			return true;
		}
		if (SECRET_HEADER.test(name)) {
			this.set({ type: 'apiKey', in: 'header', name }, where, `header ${name}`);
			return true;
		}
		return false;
	}

	/** Returns true when the query parameter was a credential. */
	query(name: string, where: string): boolean {
		if (!SECRET_QUERY.test(name)) return false;
		this.set({ type: 'apiKey', in: 'query', name }, where, `query parameter ${name}`);
		return true;
	}

	basic(where: string): void {
		this.set({ type: 'basic' }, where, 'user and password');
	}

	bearer(where: string): void {
		this.set({ type: 'bearer' }, where, 'bearer token');
	}
}
