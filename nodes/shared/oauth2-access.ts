/**
 * OAuth2 access tokens inside n8n: one token per credential for its whole lifetime, shared by the
 * items of an execution and by executions of this n8n process (src/auth/token-cache.ts decides
 * when to fetch; this file does the fetching and sending).
 *
 * Fetching goes through n8n so that n8n saves the token on the credential, as it does for its own
 * credential types: the request that needs the token is sent once with
 * `httpRequestWithAuthentication` and the credential's access token emptied. n8n then runs the
 * credential type's `preAuthentication` (credentials/oauth2.ts: refresh-token grant first when the
 * server issued a refresh token, else the full grant), stores its result on the credential (its
 * credentials helper's `updateCredentials`), applies the credential's `authenticate` block and sends
 * the request. The fields it returns are also merged into the object passed as
 * `credentialsDecrypted`, where this file reads the new token. Every other request carries the
 * cached token, applied by the runtime and sent with `helpers.httpRequest`.
 *
 * An expiry signal (a status from Token Expired Statuses) makes an item refresh once and send once
 * more, never again for that request; items that were refused the same token wait for the same
 * refresh.
 */
import { type ICredentialDataDecryptedObject, type IExecuteFunctions, type IHttpRequestOptions, UserError } from 'n8n-workflow';
import { applyAuth, type Redactor, type RequestSpec } from '../../src';
import { fingerprint, TokenCache, type TokenEntry, type TokenSet } from '../../src/auth/token-cache';
import { DEFAULT_TOKEN_EXPIRED_STATUSES } from '../../credentials/shared';
import type { Access } from './access';
import { nodeClock } from './clock';
import { type CredentialUse, type SendResult, sendRequest, toN8nRequest, type Transfer, type Transport } from './send';

/** The nodes' clock, read at each call (tests replace it). */
const clockNow = (): number => nodeClock.now();

/** Tokens of this n8n process, by credential. */
let tokens = new TokenCache(clockNow);

/** Forget every cached token, as a restarted n8n process would (tests use it between runs). */
export function resetOAuth2Tokens(now: () => number = clockNow): void {
	tokens = new TokenCache(now);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The statuses of "Token Expired Statuses" ("401, 403"); the default when empty. */
export function expiredStatuses(value: unknown, credentialName: string): number[] {
	const parts = text(value)
		.split(/[\s,;]+/)
		.filter(Boolean);
	if (!parts.length) return DEFAULT_TOKEN_EXPIRED_STATUSES;
	return parts.map((part) => {
		const status = Number(part);
		if (!Number.isInteger(status) || status < 400 || status > 599) {
			throw new UserError(
				`Token Expired Statuses of credential "${credentialName}" lists "${part}", which is not an HTTP error status (400-599)`,
				{ description: 'Enter statuses separated by commas, e.g. "401, 403", or leave the field empty.' },
			);
		}
		return status;
	});
}

function storedToken(data: ICredentialDataDecryptedObject): TokenSet | undefined {
	const accessToken = text(data.accessToken);
	if (!accessToken) return undefined;
	const expiresAt = Date.parse(text(data.tokenExpiresAt));
	return {
		accessToken,
		...(text(data.refreshToken) ? { refreshToken: text(data.refreshToken) } : {}),
		...(Number.isFinite(expiresAt) ? { expiresAt } : {}),
	};
}

/** Which token is valid depends on these fields: editing one of them starts a new cache entry. */
function cacheKey(credential: CredentialUse): string {
	const { data } = credential;
	const fields = ['tokenUrl', 'clientId', 'clientSecret', 'username', 'password', 'scope', 'clientAuthentication', 'allowUnauthorizedCerts', 'accessToken'];
	return `${credential.type} ${credential.id ?? credential.name} ${fingerprint(fields.map((field) => data[field] ?? ''))}`;
}

function withoutAuthorization(options: IHttpRequestOptions): IHttpRequestOptions {
	const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'authorization'));
	return { ...options, headers };
}

export class OAuth2Access implements Access {
	private readonly entry: TokenEntry;
	private readonly expired: number[];

	constructor(private readonly credential: CredentialUse) {
		this.expired = expiredStatuses(credential.data.tokenExpiredStatuses, credential.name);
		this.entry = tokens.entry(cacheKey(credential), storedToken(credential.data));
	}

	async send(context: IExecuteFunctions, itemIndex: number, spec: RequestSpec, timeoutMs: number, redactor: Redactor, transfer: Transfer = {}): Promise<SendResult> {
		const fetchWith = (current: TokenSet | undefined) => this.fetchThroughN8n(context, itemIndex, spec, timeoutMs, current, redactor, transfer);
		const withToken = async (token: TokenSet) => {
			redactor.add(token.accessToken, token.refreshToken);
			// The token is sent as the credential's `authenticate` block does: Authorization: Bearer.
			const authenticated = applyAuth({ spec, secrets: [] }, { type: 'bearer' }, { token: token.accessToken }).spec;
			return await sendRequest(context, itemIndex, toN8nRequest(authenticated, timeoutMs, transfer));
		};

		const first = await this.entry.acquire(fetchWith);
		redactor.add(first.token.accessToken, first.token.refreshToken);
		const result = first.fetched ?? (await withToken(first.token));
		if (!('response' in result) || !this.expired.includes(result.response.status)) return result;

		// Refused: one refresh (shared with every item refused the same token) and one resend.
		const second = await this.entry.acquire(fetchWith, first.token.accessToken);
		redactor.add(second.token.accessToken, second.token.refreshToken);
		return second.fetched ?? (await withToken(second.token));
	}

	/** Sends `spec` once through n8n with the access token emptied: n8n fetches, saves and applies one. */
	private async fetchThroughN8n(
		context: IExecuteFunctions,
		itemIndex: number,
		spec: RequestSpec,
		timeoutMs: number,
		current: TokenSet | undefined,
		redactor: Redactor,
		transfer: Transfer,
	): Promise<{ token: TokenSet; result: SendResult }> {
		const { type, id, name } = this.credential;
		// The stored fields, not the ones filled with the connector's defaults: n8n 1.x saves the whole
		// object it is given after a token fetch, and the user's empty fields must stay empty. The
		// defaults travel in the hidden `connectorDefaults` field, which preAuthentication applies.
		const data: ICredentialDataDecryptedObject = {
			...this.credential.stored,
			connectorDefaults: JSON.stringify(this.credential.defaults),
			accessToken: '',
			refreshToken: current?.refreshToken ?? text(this.credential.data.refreshToken),
			tokenExpiresAt: '',
		};
		const viaN8n: Transport = async (options) =>
			await context.helpers.httpRequestWithAuthentication.call(context, type, withoutAuthorization(options), {
				credentialsDecrypted: { id: id ?? '', name, type, data },
			});
		let result: SendResult;
		try {
			result = await sendRequest(context, itemIndex, toN8nRequest(spec, timeoutMs, transfer), viaN8n);
		} finally {
			// n8n wrote the new token into `data`: masked from now on, whatever the request's fate.
			redactor.add(text(data.accessToken), text(data.refreshToken));
		}
		const token = storedToken(data);
		if (!token) {
			throw new UserError(`n8n did not fetch an access token for credential "${name}"`, {
				description: "The credential's token request did not run. Check that the credential is an OAuth2 credential of this package.",
			});
		}
		return { token, result };
	}
}
