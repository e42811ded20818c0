/**
 * What the scale test runs: hub connectors (stored in the hubs' PostgreSQL), credentials and
 * workflows for `n8n import`.
 *
 *   Scale: webhook -> tickets     GET /webhook/scale-tickets?n=<i>: the open tickets from a hub
 *                                 connector (Data Connector node, API key), each tracked with the
 *                                 generated Shipping Partner node (OAuth2 client credentials); the
 *                                 reply lists every item with the process that ran it
 *   Scale: poll events            the Data Connector Trigger polls an event feed (hub connector,
 *                                 every 10 s on the main); each new event is reported to the feed's
 *                                 sink by a Data Connector node, with the worker that ran it
 *   Scale: limited (local|shared) GET /webhook/scale-limited-<mode>: ten items, each one request to
 *                                 a connector limited to 20 per second, per execution (local) or
 *                                 shared through the hub (rateLimit.shared)
 */
const fs = require('fs');
const path = require('path');
const kit = require('../../scripts/n8n/workflow-kit');
const { PACKAGE_NAME } = require('../../scripts/n8n/package');
const { generatedNodes, operationParameters } = require('../../e2e/lib/generated');

const WEBHOOK_PATH = 'scale-tickets';
const TICKETS = 'e2eTicketsApiKeyHeader';
const EVENTS = 'scaleEvents';
const SINK = 'scaleSink';
const IDS = { webhook: 'scaleWebhookTix01', poll: 'scalePollEvents01', limitedLocal: 'scaleLimitLocal01', limitedShared: 'scaleLimitShare01' };
const LIMITED = { local: 'scaleLimitedLocal', shared: 'scaleLimitedShared' };
/** The rate limit of the limited connectors, per second. */
const RATE = 20;
const CONTINUE = { onError: 'continueRegularOutput' };

/** The hub's connectors: the e2e tickets fixture, the event feed and its sink. */
function hubConnectors({ restUrl, feedUrl }) {
	const ticketsFile = path.join(__dirname, '..', '..', 'e2e', 'fixtures', 'registry', 'tickets-apikey-header.json');
	const tickets = JSON.parse(fs.readFileSync(ticketsFile, 'utf8').replaceAll('__REST_URL__', restUrl));
	const feedAuth = { type: 'apiKey', in: 'header', name: 'X-API-Key' };
	const events = {
		key: EVENTS,
		name: 'Scale Events',
		description: 'Events of the scale test, newest first.',
		categories: ['Testing'],
		baseUrl: feedUrl,
		auth: feedAuth,
		endpoints: [{ key: 'listEvents', purpose: 'List', name: 'List Events', path: '/events', poll: { keyFields: ['id'] }, inputs: [] }],
	};
	const sink = {
		key: SINK,
		name: 'Scale Sink',
		description: 'Where the scale test\'s workflows report what they saw.',
		categories: ['Testing'],
		baseUrl: feedUrl,
		auth: feedAuth,
		endpoints: [
			{ key: 'batch', purpose: 'List', name: 'Batch', path: '/batch', inputs: [] },
			{
				key: 'report',
				purpose: 'Create',
				name: 'Report',
				method: 'POST',
				path: '/sink',
				body: { type: 'json', value: { eventId: '{{ inputs.eventId }}', worker: '{{ inputs.worker }}' } },
				inputs: [
					{ name: 'eventId', required: true },
					{ name: 'worker', required: true },
				],
			},
		],
	};
	const limited = (mode) => ({
		key: LIMITED[mode],
		name: `Scale Limited (${mode})`,
		description: `${RATE} requests per second, ${mode === 'shared' ? 'shared by every n8n process through the hub' : 'per node execution'}.`,
		categories: ['Testing'],
		baseUrl: feedUrl,
		auth: feedAuth,
		rateLimit: { requestsPerSecond: RATE, ...(mode === 'shared' ? { shared: true } : {}) },
		endpoints: [{ key: 'hit', purpose: 'Get', name: 'Hit', path: `/limited/${mode}/{{ inputs.tag }}`, inputs: [{ name: 'tag', required: true }] }],
	});
	return [tickets, events, sink, limited('local'), limited('shared')];
}

/** The resource-mapper fields of a hub connector's endpoint (what the editor would store). */
function fieldsOf(connector, endpointKey) {
	const endpoint = connector.endpoints.find((candidate) => candidate.key === endpointKey);
	return kit.builtCatalog().inputFields((endpoint.inputs ?? []).map((input) => ({ type: 'string', required: false, ...input })));
}

function credentialsFor({ hubUrl, hubToken, oauth, feed }) {
	const apiKey = (id, name, key) => kit.credential(id, name, 'dataConnectorApiKeyApi', { apiKey: key, keyLocation: '', keyName: '', baseUrl: '', allowUnauthorizedCerts: false });
	return {
		hub: kit.credential('scaleHubRead0001', 'Scale Connector Hub', 'dataConnectorHubApi', { url: hubUrl, token: hubToken }),
		tickets: apiKey('scaleTicketsKey01', 'Scale Tickets API', 'e2e-key'),
		feed: apiKey('scaleFeedKey0001', 'Scale Feed API', feed.apiKey),
		shipping: kit.credential('scaleShipping001', 'Scale Shipping Partner', 'dataConnectorClientCredentialsOAuth2Api', {
			clientId: 'shipping-client',
			clientSecret: 'shipping-secret',
			tokenUrl: oauth.tokenUrl,
			scope: '',
			clientAuthentication: '',
			// The numbered route answers which issued token each call carried.
			baseUrl: `${oauth.url}/numbered-shipping`,
		}),
	};
}

/** Ten-second polls: n8n refuses sub-minute cron seconds (`*`), not six whole-minute schedules. */
const EVERY_TEN_SECONDS = { item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };

function workflowsFor(creds, connectors) {
	const byKey = Object.fromEntries(connectors.map((connector) => [connector.key, connector]));
	const shipping = generatedNodes().find((node) => node.name === 'dataConnectorShippingPartner');
	if (!shipping) throw new Error('the generated Shipping Partner node is missing from the build');
	const webhook = kit.node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'GET', path: WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		{ webhookId: '5ca1e000-0000-4000-a000-000000000001' },
	);
	const tickets = kit.workflow({
		id: IDS.webhook,
		name: 'Scale: webhook -> tickets -> tracking',
		active: true,
		nodes: [
			webhook,
			kit.dataConnector('Open Tickets', {
				connector: TICKETS,
				endpoint: 'listTickets',
				inputs: { status: 'open' },
				credential: creds.tickets,
				hub: creds.hub,
				authentication: 'apiKey',
				fields: fieldsOf(byKey[TICKETS], 'listTickets'),
				extra: CONTINUE,
			}),
			kit.node(
				'Track Shipment',
				shipping.type,
				1,
				operationParameters(shipping.description, 'trackShipment', { trackingNumber: "={{ 'SC-' + $('Webhook').first().json.query.n + '-' + ($json.id ?? 'none') }}" }),
				{ credentials: kit.credentialRef(creds.shipping) },
			),
			kit.setFields('Reply', {
				n: "={{ $('Webhook').first().json.query.n }}",
				ticket: "={{ $('Open Tickets').item.json.id ?? null }}",
				ticketStatus: "={{ $('Open Tickets').item.json.status ?? null }}",
				error: "={{ $('Open Tickets').item.json.error ?? null }}",
				tracking: '={{ $json.trackingNumber ?? null }}',
				tokenNumber: '={{ $json.tokenNumber ?? null }}',
				worker: '={{ $env.SCALE_WORKER }}',
			}),
		],
		links: kit.chain('Webhook', 'Open Tickets', 'Track Shipment', 'Reply'),
	});
	const trigger = kit.node(
		'New Events',
		`${PACKAGE_NAME}.dataConnectorTrigger`,
		1,
		{
			pollTimes: EVERY_TEN_SECONDS,
			mode: 'connector',
			connector: EVENTS,
			endpoint: 'listEvents',
			authentication: 'apiKey',
			inputs: { mappingMode: 'defineBelow', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
			dedupeBy: 'endpoint',
			options: {},
		},
		{ credentials: { ...kit.credentialRef(creds.feed), ...kit.credentialRef(creds.hub) } },
	);
	const poll = kit.workflow({
		id: IDS.poll,
		name: 'Scale: poll events -> report',
		active: true,
		nodes: [
			trigger,
			kit.dataConnector('Report', {
				connector: SINK,
				endpoint: 'report',
				inputs: { eventId: '={{ $json.id }}', worker: '={{ $env.SCALE_WORKER }}' },
				credential: creds.feed,
				hub: creds.hub,
				authentication: 'apiKey',
				fields: fieldsOf(byKey[SINK], 'report'),
			}),
		],
		links: kit.chain('New Events', 'Report'),
	});
	const limitedWorkflow = (mode) =>
		kit.workflow({
			id: mode === 'shared' ? IDS.limitedShared : IDS.limitedLocal,
			name: `Scale: webhook -> ten requests limited to ${RATE}/s (${mode})`,
			active: true,
			nodes: [
				kit.webhook('Webhook', { path: `scale-limited-${mode}` }),
				kit.dataConnector('Batch', { connector: SINK, endpoint: 'batch', inputs: {}, credential: creds.feed, hub: creds.hub, authentication: 'apiKey', fields: [] }),
				kit.dataConnector('Limited', {
					connector: LIMITED[mode],
					endpoint: 'hit',
					inputs: { tag: "={{ $env.SCALE_WORKER + '-' + $('Webhook').first().json.query.n + '-' + $json.n }}" },
					credential: creds.feed,
					hub: creds.hub,
					authentication: 'apiKey',
					fields: fieldsOf(byKey[LIMITED[mode]], 'hit'),
					options: { concurrency: 5 },
				}),
			],
			links: kit.chain('Webhook', 'Batch', 'Limited'),
		});
	return { tickets, poll, limitedLocal: limitedWorkflow('local'), limitedShared: limitedWorkflow('shared') };
}

module.exports = { hubConnectors, credentialsFor, workflowsFor, WEBHOOK_PATH, TICKETS, IDS, RATE };
