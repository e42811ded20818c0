/* global fetch, AbortSignal */
/**
 * The Connector Hub with the real n8n server: a published webhook workflow runs a hub connector
 * (the hub serves the fixture connectors from its folder), and
 *
 *   list     the Connector list as the editor asks n8n for it (POST /rest/dynamic-node-parameters/options
 *            with the hub credential): packaged connectors, then "Hub: <name>" with the status
 *   run      the webhook's production execution loads the connector from the hub
 *   in use   with an n8n API key (created over n8n's REST API) the hub refuses to delete the connector
 *            or set it to draft while the published workflow uses it (409, the workflow named)
 *   edit     a merge update in the hub (If-Match) is what the next execution runs
 *   draft    a draft (forced) is refused in the next production execution, and listed as a draft
 */
const WORKFLOW_ID = 'e2eHubWebhook001';
const WEBHOOK_PATH = 'e2e-hub-tickets';
const CONNECTOR = 'e2eTicketsApiKeyHeader';
const CONNECTOR_NAME = 'E2E Tickets (API Key Header)';

/** Webhook -> open tickets from the hub connector (errors as items) -> the first ticket or the error. */
function hubWorkflow({ kit, dataConnector, creds, fields }) {
	return kit.workflow({
		id: WORKFLOW_ID,
		name: 'E2E: webhook -> tickets from a hub connector',
		active: true,
		nodes: [
			kit.webhook('Webhook', { path: WEBHOOK_PATH }),
			dataConnector('Open Tickets', {
				connector: CONNECTOR,
				endpoint: 'listTickets',
				inputs: { status: 'open' },
				credential: creds.apiKeyOk,
				hub: creds.hub,
				authentication: 'apiKey',
				fields,
				extra: { onError: 'continueRegularOutput' },
			}),
			kit.setFields('Reply', { id: '={{ $json.id ?? null }}', status: '={{ $json.status ?? null }}', error: '={{ $json.error ?? null }}' }),
		],
		links: kit.chain('Webhook', 'Open Tickets', 'Reply'),
	});
}

async function hubTests({ test, assert, baseUrl, cookie, hub, creds, packageName }) {
	const call = async () => {
		const response = await fetch(`${baseUrl}/webhook/${WEBHOOK_PATH}`, { signal: AbortSignal.timeout(30_000) });
		const text = await response.text();
		assert.equal(response.status, 200, text);
		return JSON.parse(text);
	};
	const connectorList = async () => {
		const response = await fetch(`${baseUrl}/rest/dynamic-node-parameters/options`, {
			method: 'POST',
			headers: { cookie: cookie(), 'Content-Type': 'application/json' },
			body: JSON.stringify({
				nodeTypeAndVersion: { name: `${packageName}.dataConnector`, version: 1 },
				path: 'parameters.connector',
				methodName: 'getConnectors',
				currentNodeParameters: { mode: 'connector' },
				credentials: { dataConnectorHubApi: { id: creds.hub.id, name: creds.hub.name } },
			}),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		assert.equal(response.status, 200, text);
		return JSON.parse(text).data.map((option) => option.name);
	};

	await test('the Connector list (as the editor asks n8n for it) shows the packaged connectors, then the hub\'s', async () => {
		const names = await connectorList();
		assert.ok(names.includes('Order Service'), names.join(', '));
		assert.ok(names.includes(`Hub: ${CONNECTOR_NAME}`), names.join(', '));
		assert.ok(names.indexOf('Order Service') < names.indexOf(`Hub: ${CONNECTOR_NAME}`), names.join(', '));
		assert.ok(!JSON.stringify(names).includes(hub.tokens.read));
	});

	await test('a published workflow runs a hub connector (production execution through the webhook)', async () => {
		await require('../../scripts/n8n/n8n').waitWebhook(baseUrl, WEBHOOK_PATH, undefined, { timeoutMs: 600_000 });
		assert.deepEqual(await call(), { id: 'T-1001', status: 'open', error: null });
	});

	await test('with an n8n API key, the hub refuses to delete the connector or draft it while the published workflow uses it', async () => {
		const created = await fetch(`${baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers: { cookie: cookie(), 'Content-Type': 'application/json' },
			body: JSON.stringify({ label: 'Connector Hub usage checks', scopes: ['workflow:read', 'workflow:list'], expiresAt: null }),
			signal: AbortSignal.timeout(30_000),
		});
		const body = await created.json();
		assert.equal(created.status, 200, JSON.stringify(body));
		await hub.restart({ n8n: { url: baseUrl, apiKey: body.data.rawApiKey } });
		const refused = await hub.request('DELETE', `/connectors/${CONNECTOR}`);
		assert.equal(refused.status, 409, JSON.stringify(refused.body));
		assert.match(refused.body.error.message, /used by 1 active workflow: E2E: webhook -> tickets from a hub connector/);
		const draft = await hub.request('PUT', `/connectors/${CONNECTOR}/status`, { status: 'draft' });
		assert.equal(draft.status, 409, JSON.stringify(draft.body));
		assert.equal((await hub.request('GET', `/connectors/${CONNECTOR}`)).status, 200);
	});

	await test('an edit in the hub is what the next execution runs', async () => {
		const current = await hub.request('GET', `/connectors/${CONNECTOR}`);
		const changes = { endpoints: [{ key: 'listTickets', query: [{ key: 'status', value: 'closed' }] }] };
		const updated = await hub.request('PUT', `/connectors/${CONNECTOR}`, changes, { 'If-Match': current.headers.get('etag') });
		assert.equal(updated.status, 200, JSON.stringify(updated.body));
		assert.deepEqual(await call(), { id: 'T-1002', status: 'closed', error: null });
	});

	await test('a draft hub connector is refused in production executions and listed as a draft', async () => {
		const drafted = await hub.request('PUT', `/connectors/${CONNECTOR}/status?force=true`, { status: 'draft' });
		assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
		const answer = await call();
		assert.equal(answer.id, null);
		assert.match(answer.error, /is a draft and does not run in production executions/);
		assert.ok((await connectorList()).includes(`Hub: ${CONNECTOR_NAME} (Draft)`));
		// Back as it was, for the sections after this one.
		assert.equal((await hub.request('PUT', `/connectors/${CONNECTOR}/status`, { status: 'live' })).status, 200);
		const current = await hub.request('GET', `/connectors/${CONNECTOR}`);
		const restore = { endpoints: [{ key: 'listTickets', query: [{ key: 'status', value: '{{ inputs.status }}' }] }] };
		assert.equal((await hub.request('PUT', `/connectors/${CONNECTOR}`, restore, { 'If-Match': current.headers.get('etag') })).status, 200);
	});
}

module.exports = { hubWorkflow, hubTests };
