/**
 * How a request of one execution is authenticated and sent. The credential was read once for the
 * execution (session.ts); applying it is the runtime's pure code (src/auth/apply.ts, the same the
 * CLI uses), so no item reads or resolves the credential again:
 *   none                  sent as built
 *   basic, bearer, apiKey the credential applied to the spec, then sent
 *   OAuth2 grants         a cached access token applied; fetched, refreshed ahead of expiry and
 *                         after a token-expired status through n8n (oauth2-access.ts)
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { applyAuth, type AuthDefinition, type CredentialValues, type Redactor, type RequestSpec } from '../../src';
import { type RedirectPolicy, sendFollowingRedirects } from '../../src/execute/redirect';
import { OAuth2Access } from './oauth2-access';
import { type CredentialUse, type SendResult, sendRequest, toN8nRequest, type Transfer } from './send';

export interface Access {
	/** Sends `spec` authenticated; every secret it uses is added to `redactor`. */
	send(context: IExecuteFunctions, itemIndex: number, spec: RequestSpec, timeoutMs: number, redactor: Redactor, transfer?: Transfer): Promise<SendResult>;
}

/** Sends as built: no credential (also each redirect hop that left the base URL). */
export const plainAccess: Access = {
	send: async (context, itemIndex, spec, timeoutMs, _redactor, transfer) => await sendRequest(context, itemIndex, toN8nRequest(spec, timeoutMs, transfer)),
};

class AppliedAccess implements Access {
	constructor(
		private readonly auth: AuthDefinition,
		private readonly values: CredentialValues,
	) {}

	async send(context: IExecuteFunctions, itemIndex: number, spec: RequestSpec, timeoutMs: number, _redactor: Redactor, transfer?: Transfer): Promise<SendResult> {
		const authenticated = applyAuth({ spec, secrets: [] }, this.auth, this.values).spec;
		return await sendRequest(context, itemIndex, toN8nRequest(authenticated, timeoutMs, transfer));
	}
}

const accesses = new WeakMap<CredentialUse, Access>();

/** The access for an auth block as the credential applies it; one per credential and execution. */
export function accessFor(auth: AuthDefinition, credential: CredentialUse | undefined): Access {
	if (!credential || auth.type === 'none') return plainAccess;
	let access = accesses.get(credential);
	if (!access) {
		access =
			auth.type === 'oauth2PasswordGrant' || auth.type === 'oauth2ClientCredentials'
				? new OAuth2Access(credential)
				: new AppliedAccess(auth, credential.data as CredentialValues);
		accesses.set(credential, access);
	}
	return access;
}

/**
 * One request through `access`, redirects followed hop by hop by the policy
 * (src/execute/redirect.ts): with the credential while a hop stays under the base URL, without it
 * (plain access) once one left it.
 */
export async function sendFollowingPolicy(
	access: Access,
	context: IExecuteFunctions,
	itemIndex: number,
	spec: RequestSpec,
	policy: RedirectPolicy,
	timeoutMs: number,
	redactor: Redactor,
	transfer?: Transfer,
): Promise<SendResult> {
	return await sendFollowingRedirects(
		spec,
		{ ...policy, carriesSecret: (text) => redactor.leaks(text) },
		async (next, withCredentials) => await (withCredentials ? access : plainAccess).send(context, itemIndex, next, timeoutMs, redactor, transfer),
		(result) => ('response' in result ? result.response : undefined),
	);
}
