/**
 * A Data Connector Hub played by nock, for tests whose subject is not the hub itself: it answers
 * GET /api/v1/connectors and GET /api/v1/connectors/{key} for the documents given (ETag and 304
 * like the real hub), to the test token only. Its interceptors are optional and persistent, so a
 * test that never lists or loads a connector does not fail for it. Tests of the hub client itself
 * use exact nock interceptors instead (hub-nodes.test.ts).
 */
import nock from 'nock';
import { DataConnectorHubApi } from '../../credentials/DataConnectorHubApi.credentials';

export const HUB_URL = 'http://hub.test:5680';
export const HUB_TOKEN = 'hub-token-0123456789abcdef';

export const hubCredentialType = DataConnectorHubApi;
export const hubCredential = { id: 'hub', name: 'Connector Hub', type: 'dataConnectorHubApi', data: { url: HUB_URL, token: HUB_TOKEN } };

type Json = Record<string, unknown>;

function summary(document: Json, valid: boolean, problems?: string[]) {
	return {
		key: document.key,
		name: document.name,
		description: document.description ?? '',
		categories: document.categories ?? [],
		tags: document.tags ?? [],
		status: valid ? (document.status ?? 'live') : 'invalid',
		version: document.version ?? 1,
		auth: (document.auth as Json | undefined)?.type ?? 'none',
		endpoints: Array.isArray(document.endpoints) ? document.endpoints.length : 0,
		builtIn: false,
		source: `${String(document.key)}.json`,
		...(problems ? { problems } : {}),
	};
}

/**
 * Serves `documents` (by key) until nock is cleaned; call it in beforeEach (guardNetwork cleans
 * nock after each test). `invalid` names keys to report as invalid with those problems.
 */
export function serveHub(documents: Record<string, unknown>, invalid: Record<string, string[]> = {}): void {
	const records = new Map(
		Object.entries(documents).map(([key, document]) => [key, { ...summary(document as Json, !invalid[key], invalid[key]), definition: document }]),
	);
	const etagOf = (value: unknown) => `"1-${Buffer.from(JSON.stringify(value)).toString('base64').slice(-16)}"`;
	const scope = nock(HUB_URL, { reqheaders: { authorization: `Bearer ${HUB_TOKEN}` } }).persist();
	scope
		.get('/api/v1/connectors')
		.query(true)
		.optionally()
		.reply(function reply() {
			const items = [...records.values()].map((record) => ({ ...record, definition: undefined }));
			const page = { total: items.length, offset: 0, size: 500, items };
			const etag = etagOf(page);
			return this.req.headers['if-none-match'] === etag ? [304, '', { ETag: etag }] : [200, page, { ETag: etag }];
		});
	scope
		.get(/^\/api\/v1\/connectors\/[^/]+$/)
		.optionally()
		.reply(function reply(uri) {
			const key = decodeURIComponent(uri.split('/').pop() ?? '');
			const record = records.get(key);
			if (!record) return [404, { error: { status: 404, code: 'not-found', message: `There is no connector "${key}"` } }];
			const etag = etagOf(record);
			return this.req.headers['if-none-match'] === etag ? [304, '', { ETag: etag }] : [200, record, { ETag: etag }];
		});
}
