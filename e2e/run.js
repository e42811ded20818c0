/* global fetch, AbortSignal */
/**
 * End-to-end tests: this package inside the real n8n server, installed the way n8n installs
 * community packages, against real servers on 127.0.0.1. Two n8n lines (scripts/n8n/runtime.js
 * LINES): the whole suite on n8n 2.41.1 (Node 24), then the credential, OAuth2 (refresh after
 * expiry included), cookie and pagination checks again on n8n 1.123.x (Node 22), the last 1.x line.
 *
 *   demo Order Service   scripts/n8n/demo-api.js (API key)                  packaged Order Service connector
 *   REST API             json-server 0.17.4 + auth middleware               hub connectors (Basic, Bearer, API key)
 *   OAuth2 server        @node-oauth/oauth2-server 5.x + protected API      packaged Shipping Partner (client
 *                                                                            credentials), hub warehouse (password)
 *   Connector Hub        data-connectors hub --folder <fixture connectors>  the connectors that are not packaged
 *
 * First the Connector Studio (e2e/studio.js: the hub's web UI in Chromium, no n8n needed).
 *
 * Workflows run headless with `n8n execute --id=<id> --rawOutput`; then `n8n start` serves a
 * published webhook workflow and the REST API. Everything lives in .n8n-e2e/ (recreated on each run;
 * logs of every execution in .n8n-e2e/logs/; the 1.x line in .n8n-e2e/n8n-<version>/). n8n and its
 * Node come from the shared cache (scripts/n8n/runtime.js). `npm run test:e2e`; E2E_SKIP_BUILD=1
 * skips `npm run build`; E2E_LINES=default or E2E_LINES=v1 runs one line only; E2E_ONLY=editor runs
 * just the browser tests of the n8n editor (default line, no Studio), for working on them.
 */
const fs = require('fs');
const path = require('path');
const { ensureRuntime, formatSeconds, LINES } = require('../scripts/n8n/runtime');
const { buildPackage, installPackage, PROJECT, PACKAGE_NAME } = require('../scripts/n8n/package');
const n8n = require('../scripts/n8n/n8n');
const kit = require('../scripts/n8n/workflow-kit');
const { startDemoApi, SEED_FILE } = require('../scripts/n8n/demo-api');
const { demoCredentials, demoWorkflows, seedHubFolder } = require('../scripts/n8n/demo/content');
const { startOAuthServer } = require('./lib/oauth-server');
const { startRestServer, SECRETS } = require('./lib/rest-server');
const { generatedNodes, operationParameters, operations } = require('./lib/generated');
const { test, section, summary, execute, assert, results } = require('./lib/harness');
const { instantWorkflow, instantTriggerTests } = require('./lib/instant');
const { secretScanCase } = require('./lib/secret-scan');
const { fileTransferCase } = require('./lib/file-transfer');
const { editorTests } = require('./editor');
const { studioTests } = require('./studio');
const { startHub } = require('../scripts/n8n/hub');
const { hubTests, hubWorkflow } = require('./lib/hub');

const FOLDER = path.join(PROJECT, '.n8n-e2e');
const FIXTURES = path.join(__dirname, 'fixtures');
const TRIGGER = 'When clicking ‘Execute workflow’';
const DEMO_KEY = JSON.parse(fs.readFileSync(SEED_FILE, 'utf8')).apiKeys[0];
const CONTINUE = { onError: 'continueRegularOutput' };
/** n8n also writes its log to <user folder>/.n8n/logs/n8n.log, which the secret scan reads. */
const LOG_FILE = { N8N_LOG_OUTPUT: 'console,file' };
/** The credential types of the five auth methods (the package may have more). */
const CREDENTIAL_TYPES = [
	'dataConnectorApiKeyApi',
	'dataConnectorBasicAuthApi',
	'dataConnectorBearerTokenApi',
	'dataConnectorClientCredentialsOAuth2Api',
	'dataConnectorPasswordGrantOAuth2Api',
];

const started = Date.now();
const cleanups = [];
const log = (line) => console.log(line);

async function cleanup() {
	while (cleanups.length) {
		try {
			await cleanups.pop()();
		} catch {
			/* best effort */
		}
	}
}

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		console.log(`\n${signal}: stopping`);
		n8n.killAll('SIGKILL');
		cleanup().then(() => process.exit(130));
	});
}
n8n.watchParent(() => {
	n8n.killAll('SIGKILL');
	cleanup().then(() => process.exit(130));
});

/** The hub's connector files (its --folder) with the loopback servers' addresses filled in. */
function writeRegistry(registry, urls) {
	fs.mkdirSync(registry, { recursive: true });
	for (const file of fs.readdirSync(path.join(FIXTURES, 'registry'))) {
		const text = fs
			.readFileSync(path.join(FIXTURES, 'registry', file), 'utf8')
			.replaceAll('__REST_URL__', urls.rest)
			.replaceAll('__OAUTH_URL__', urls.oauth)
			.replaceAll('__OAUTH403_URL__', urls.oauth403);
		fs.writeFileSync(path.join(registry, file), text);
	}
}

function registryFields(key, endpointKey) {
	// The inputs do not depend on the servers' addresses: read from the fixtures.
	const registry = path.join(FIXTURES, 'registry');
	const file = fs.readdirSync(registry).find((name) => JSON.parse(fs.readFileSync(path.join(registry, name), 'utf8')).key === key);
	const definition = JSON.parse(fs.readFileSync(path.join(registry, file), 'utf8'));
	const endpoint = definition.endpoints.find((candidate) => candidate.key === endpointKey);
	return kit.builtCatalog().inputFields(endpoint.inputs.map((input) => ({ type: 'string', required: false, ...input })));
}

function credentialsFor({ demoApi, oauth, hub }) {
	const apiKey = (id, name, key, extra = {}) =>
		kit.credential(id, name, 'dataConnectorApiKeyApi', { apiKey: key, keyLocation: '', keyName: '', baseUrl: '', allowUnauthorizedCerts: false, ...extra });
	const basic = (id, name, username, password) => kit.credential(id, name, 'dataConnectorBasicAuthApi', { username, password, baseUrl: '' });
	const bearer = (id, name, token) => kit.credential(id, name, 'dataConnectorBearerTokenApi', { token, baseUrl: '' });
	const password = (id, name, data) =>
		kit.credential(id, name, 'dataConnectorPasswordGrantOAuth2Api', {
			username: 'wms.user',
			password: 'wms-password',
			clientId: 'wms-client',
			clientSecret: 'wms-secret',
			tokenUrl: '',
			scope: '',
			clientAuthentication: '',
			baseUrl: '',
			...data,
		});
	const clientCredentials = (id, name, data) =>
		kit.credential(id, name, 'dataConnectorClientCredentialsOAuth2Api', {
			clientId: 'shipping-client',
			clientSecret: 'shipping-secret',
			// The packaged Shipping Partner connector declares a remote token URL and base URL; the
			// credential points both at the loopback OAuth2 server.
			tokenUrl: oauth.tokenUrl,
			scope: '',
			clientAuthentication: '',
			baseUrl: `${oauth.url}/shipping`,
			...data,
		});
	return {
		orderOk: apiKey('e2eOrderKeyOk001', 'E2E Order Service', DEMO_KEY, { baseUrl: demoApi.baseUrl }),
		orderBad: apiKey('e2eOrderKeyBad01', 'E2E Order Service (wrong key)', 'not-the-key', { baseUrl: demoApi.baseUrl }),
		basicOk: basic('e2eBasicOk000001', 'E2E Basic', SECRETS.basic.username, SECRETS.basic.password),
		basicBad: basic('e2eBasicBad00001', 'E2E Basic (wrong password)', SECRETS.basic.username, 'wrong-pass'),
		bearerOk: bearer('e2eBearerOk00001', 'E2E Bearer', SECRETS.bearer.token),
		bearerBad: bearer('e2eBearerBad0001', 'E2E Bearer (wrong token)', 'wrong-token'),
		apiKeyOk: apiKey('e2eApiKeyOk00001', 'E2E API Key', SECRETS.apiKey.apiKey),
		apiKeyBad: apiKey('e2eApiKeyBad0001', 'E2E API Key (wrong key)', 'wrong-key'),
		passwordOk: password('e2ePwdOk00000001', 'E2E Password Grant', {}),
		passwordBadPassword: password('e2ePwdBadPass001', 'E2E Password Grant (wrong password)', { password: 'not-the-password' }),
		passwordBadScope: password('e2ePwdBadScope01', 'E2E Password Grant (scope the user lacks)', { scope: 'inventory:write' }),
		ccOk: clientCredentials('e2eCcOk000000001', 'E2E Client Credentials', {}),
		ccBadSecret: clientCredentials('e2eCcBadSecret01', 'E2E Client Credentials (wrong secret)', { clientSecret: 'not-the-secret' }),
		ccRefresh: clientCredentials('e2eCcRefresh0001', 'E2E Client Credentials (refresh)', {}),
		ccGenerated: clientCredentials('e2eCcGenerated01', 'E2E Client Credentials (generated node)', {}),
		password403: password('e2ePwd403Refresh1', 'E2E Password Grant (403 on expiry, refresh tokens)', {}),
		hub: kit.credential('e2eHubRead000001', 'E2E Connector Hub', 'dataConnectorHubApi', { url: hub.url, token: hub.tokens.read }),
	};
}

/** The generated nodes and, per node, the packaged connector it stands for. */
function discoverGenerated() {
	const { connectors } = kit.builtCatalog();
	return generatedNodes().map((node) => {
		const ops = operations(node.description);
		const connector = [...connectors.values()].find(
			(candidate) => candidate.endpoints.length === ops.length && candidate.endpoints.every((endpoint) => ops.includes(endpoint.key)),
		);
		return { ...node, connector };
	});
}

/** Dummy credentials of each type for preview runs of generated nodes (nothing is sent). */
function previewCredential(type) {
	const data = {
		dataConnectorApiKeyApi: { apiKey: 'preview-key' },
		dataConnectorBasicAuthApi: { username: 'preview', password: 'preview-pass' },
		dataConnectorBearerTokenApi: { token: 'preview-token' },
		dataConnectorPasswordGrantOAuth2Api: { username: 'preview', password: 'preview-pass', clientId: 'preview', clientSecret: 'preview-secret' },
		dataConnectorClientCredentialsOAuth2Api: { clientId: 'preview', clientSecret: 'preview-secret' },
	}[type];
	const id = `e2ePrev${type.replace(/^dataConnector|Api$/g, '')}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 16).padEnd(16, '0');
	return kit.credential(id, `E2E preview (${type})`, type, { ...data, baseUrl: '' });
}

function workflowsFor(creds, generated) {
	const dc = kit.dataConnector;
	const registryNode = (name, connector, endpoint, inputs, cred, authentication, extra = {}) =>
		dc(name, { connector, endpoint, inputs, credential: cred, hub: creds.hub, authentication, fields: registryFields(connector, endpoint), extra });

	const workflows = {
		mapping: kit.workflow({
			id: 'e2eMapPaired0001',
			name: 'E2E: upstream items, expression mapping, paired items',
			nodes: [
				kit.manualTrigger(),
				kit.code('Orders', {
					items: [
						{ ref: 'first', orderId: 'ORD-2024-000123' },
						{ ref: 'second', orderId: 'ORD-2024-000119' },
						{ ref: 'third', orderId: 'ORD-2024-000140' },
					],
				}),
				dc('Get Order Status', { connector: 'orderService', endpoint: 'getOrderStatus', inputs: { orderId: '={{ $json.orderId }}' }, credential: creds.orderOk }),
				kit.setFields('Check', { ref: "={{ $('Orders').item.json.ref }}", id: '={{ $json.id }}', status: '={{ $json.status }}' }),
				kit.setFields('One Order', { orderId: 'ORD-2024-000131' }),
				dc('Auto Mapped', { connector: 'orderService', endpoint: 'getOrderStatus', inputs: 'auto', credential: creds.orderOk }),
				kit.code('Statuses', { items: [{ status: 'shipped' }, { status: 'delivered' }] }),
				dc('List By Status', { connector: 'orderService', endpoint: 'listOrders', inputs: { status: '={{ $json.status }}', limit: 10 }, credential: creds.orderOk }),
			],
			links: [
				...kit.chain(TRIGGER, 'Orders', 'Get Order Status', 'Check'),
				...kit.chain(TRIGGER, 'One Order', 'Auto Mapped'),
				...kit.chain(TRIGGER, 'Statuses', 'List By Status'),
			],
		}),
		writes: kit.workflow({
			id: 'e2eWriteOrders01',
			name: 'E2E: reschedule a delivery, refund twice with one idempotency key',
			nodes: [
				kit.manualTrigger(),
				kit.code('Reschedule Request', {
					jsCode:
						"const date = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);\nreturn [{ json: { orderId: 'ORD-2024-000131', date, timeSlot: 'evening', note: 'e2e' } }];",
				}),
				dc('Reschedule Delivery', {
					connector: 'orderService',
					endpoint: 'rescheduleDelivery',
					inputs: { orderId: '={{ $json.orderId }}', date: '={{ $json.date }}', timeSlot: '={{ $json.timeSlot }}', note: '={{ $json.note }}' },
					credential: creds.orderOk,
				}),
				kit.code('Two Refund Attempts', {
					items: [
						{ orderId: 'ORD-2024-000131', amount: 10, key: 'e2e-refund-1' },
						{ orderId: 'ORD-2024-000131', amount: 10, key: 'e2e-refund-1' },
					],
				}),
				dc('Process Refund', {
					connector: 'orderService',
					endpoint: 'processRefund',
					inputs: { orderId: '={{ $json.orderId }}', amount: '={{ $json.amount }}', currency: 'EUR', reason: 'late_delivery', idempotencyKey: '={{ $json.key }}' },
					credential: creds.orderOk,
				}),
			],
			links: kit.chain(TRIGGER, 'Reschedule Request', 'Reschedule Delivery', 'Two Refund Attempts', 'Process Refund'),
		}),
		wrongKey: kit.workflow({
			id: 'e2eApiKeyWrong01',
			name: 'E2E: a wrong API key fails the workflow',
			nodes: [
				kit.manualTrigger(),
				dc('Get Order Status', { connector: 'orderService', endpoint: 'getOrderStatus', inputs: { orderId: 'ORD-2024-000123' }, credential: creds.orderBad }),
			],
			links: kit.chain(TRIGGER, 'Get Order Status'),
		}),
		staticAuth: kit.workflow({
			id: 'e2eStaticAuth001',
			name: 'E2E: Basic, Bearer and API key against json-server, right and wrong',
			nodes: [
				kit.manualTrigger(),
				registryNode('Basic OK', 'e2eHelpdeskBasic', 'getTicket', { ticketId: 'T-1001' }, creds.basicOk, 'basic'),
				registryNode('Basic Create', 'e2eHelpdeskBasic', 'createTicket', { ticketId: 'T-2001', subject: 'Created from n8n', priority: 2 }, creds.basicOk, 'basic'),
				registryNode('Basic Wrong', 'e2eHelpdeskBasic', 'getTicket', { ticketId: 'T-1001' }, creds.basicBad, 'basic', CONTINUE),
				registryNode('Bearer OK', 'e2eContactsBearer', 'listContacts', { company: 'Haddad Logistics' }, creds.bearerOk, 'bearer'),
				registryNode('Bearer Wrong', 'e2eContactsBearer', 'listContacts', {}, creds.bearerBad, 'bearer', CONTINUE),
				registryNode('API Key Header OK', 'e2eTicketsApiKeyHeader', 'listTickets', { status: 'open' }, creds.apiKeyOk, 'apiKey'),
				registryNode('API Key Header Wrong', 'e2eTicketsApiKeyHeader', 'listTickets', { status: 'open' }, creds.apiKeyBad, 'apiKey', CONTINUE),
				registryNode('API Key Query OK', 'e2eTicketsApiKeyQuery', 'getTicket', { ticketId: 'T-1003' }, creds.apiKeyOk, 'apiKey'),
				registryNode('API Key Query Wrong', 'e2eTicketsApiKeyQuery', 'getTicket', { ticketId: 'T-1003' }, creds.apiKeyBad, 'apiKey', CONTINUE),
			],
			links: [
				'Basic OK',
				'Basic Create',
				'Basic Wrong',
				'Bearer OK',
				'Bearer Wrong',
				'API Key Header OK',
				'API Key Header Wrong',
				'API Key Query OK',
				'API Key Query Wrong',
			].map((name) => [TRIGGER, name]),
		}),
		cookiePages: kit.workflow({
			id: 'e2eCookiePages01',
			name: 'E2E: API key in a cookie, pages with an X-Total-Count total (json-server)',
			nodes: [
				kit.manualTrigger(),
				registryNode('Cookie Pages OK', 'e2eProductsApiKeyCookie', 'listProducts', { lang: 'de', category: 'tools' }, creds.apiKeyOk, 'apiKey'),
				registryNode('Cookie Wrong', 'e2eProductsApiKeyCookie', 'listProducts', { lang: 'de' }, creds.apiKeyBad, 'apiKey', CONTINUE),
			],
			links: [
				[TRIGGER, 'Cookie Pages OK'],
				[TRIGGER, 'Cookie Wrong'],
			],
		}),
		passwordGrant: kit.workflow({
			id: 'e2eOAuthPwd00001',
			name: 'E2E: OAuth2 password grant',
			nodes: [kit.manualTrigger(), registryNode('Get Stock', 'e2eWarehousePassword', 'getStock', { sku: 'SHOE-42-BLK' }, creds.passwordOk, 'oauth2PasswordGrant')],
			links: kit.chain(TRIGGER, 'Get Stock'),
		}),
		passwordGrantWrong: kit.workflow({
			id: 'e2eOAuthPwdBad01',
			name: 'E2E: OAuth2 password grant, wrong password and scope',
			nodes: [
				kit.manualTrigger(),
				registryNode('Wrong Password', 'e2eWarehousePassword', 'getStock', { sku: 'SHOE-42-BLK' }, creds.passwordBadPassword, 'oauth2PasswordGrant', CONTINUE),
				registryNode('Wrong Scope', 'e2eWarehousePassword', 'getStock', { sku: 'SHOE-42-BLK' }, creds.passwordBadScope, 'oauth2PasswordGrant', CONTINUE),
			],
			links: [
				[TRIGGER, 'Wrong Password'],
				[TRIGGER, 'Wrong Scope'],
			],
		}),
		clientCredentials: kit.workflow({
			id: 'e2eOAuthCc000001',
			name: 'E2E: OAuth2 client credentials (packaged Shipping Partner, overridden URLs)',
			nodes: [
				kit.manualTrigger(),
				dc('Track Shipment', { connector: 'shippingPartner', endpoint: 'trackShipment', inputs: { trackingNumber: '1Z999AA10123456784', language: 'de' }, credential: creds.ccOk }),
				dc('Wrong Secret', { connector: 'shippingPartner', endpoint: 'trackShipment', inputs: { trackingNumber: '1Z999AA10123456784' }, credential: creds.ccBadSecret, extra: CONTINUE }),
			],
			links: [
				[TRIGGER, 'Track Shipment'],
				[TRIGGER, 'Wrong Secret'],
			],
		}),
		refresh: kit.workflow({
			id: 'e2eOAuthRefresh1',
			name: 'E2E: an expired OAuth2 token is refreshed once',
			nodes: [
				kit.manualTrigger(),
				dc('Track Shipment', { connector: 'shippingPartner', endpoint: 'trackShipment', inputs: { trackingNumber: 'SH-REFRESH-1' }, credential: creds.ccRefresh }),
			],
			links: kit.chain(TRIGGER, 'Track Shipment'),
		}),
		refresh403: kit.workflow({
			id: 'e2eOAuth403Refr1',
			name: 'E2E: 50 items at concurrency 10, expired tokens answered with 403',
			nodes: [
				kit.manualTrigger(),
				kit.code('Skus', { jsCode: 'return Array.from({ length: 50 }, (_, index) => ({ json: { sku: `SKU-${index + 1}` } }));' }),
				dc('Get Stock', {
					connector: 'e2eWarehouseExpired403',
					endpoint: 'getStock',
					inputs: { sku: '={{ $json.sku }}' },
					credential: creds.password403,
					hub: creds.hub,
					authentication: 'oauth2PasswordGrant',
					fields: registryFields('e2eWarehouseExpired403', 'getStock'),
					options: { concurrency: 10 },
				}),
			],
			links: kit.chain(TRIGGER, 'Skus', 'Get Stock'),
		}),
		draft: kit.workflow({
			id: 'e2eDraftStops001',
			name: 'E2E: a draft connector does not run outside the editor',
			nodes: [
				kit.manualTrigger(),
				dc('Get Stock Level', { connector: 'warehouseInventory', endpoint: 'getStockLevel', inputs: { warehouseId: 'BER1', sku: 'SHOE-42-BLK' }, credential: creds.passwordOk, options: { preview: true } }),
			],
			links: kit.chain(TRIGGER, 'Get Stock Level'),
		}),
		webhook: kit.workflow({
			id: 'e2eWebhook000001',
			name: 'E2E: webhook -> order status',
			active: true,
			nodes: [
				kit.webhook('Webhook', { path: 'e2e-order-status' }),
				dc('Get Order Status', { connector: 'orderService', endpoint: 'getOrderStatus', inputs: { orderId: '={{ $json.query.orderId }}' }, credential: creds.orderOk, extra: CONTINUE }),
				kit.setFields('Reply', {
					orderId: "={{ $('Webhook').item.json.query.orderId }}",
					status: "={{ $json.error ? 'unknown' : $json.status }}",
					carrier: '={{ $json.delivery?.carrier ?? null }}',
					error: '={{ $json.error ?? null }}',
				}),
			],
			links: kit.chain('Webhook', 'Get Order Status', 'Reply'),
		}),
		hubWebhook: hubWorkflow({ kit, dataConnector: dc, creds, fields: registryFields('e2eTicketsApiKeyHeader', 'listTickets') }),
	};

	// Generated nodes: every operation of every generated node previewed with its sample data, and
	// real calls through the Order Service and Shipping Partner nodes where they exist.
	const generatedNodesList = [kit.manualTrigger()];
	const generatedLinks = [];
	const previewCreds = new Map();
	for (const node of generated) {
		if (!node.connector) continue;
		const cred = previewCreds.get(node.credentialType) ?? previewCredential(node.credentialType);
		previewCreds.set(node.credentialType, cred);
		for (const endpoint of node.connector.endpoints) {
			const name = `${node.displayName}: ${endpoint.name} (preview)`;
			generatedNodesList.push(
				kit.node(name, node.type, 1, operationParameters(node.description, endpoint.key, endpoint.sampleData ?? {}, { preview: true }), {
					credentials: kit.credentialRef(cred),
				}),
			);
			generatedLinks.push([TRIGGER, name]);
		}
	}
	const orderNode = generated.find((node) => node.connector?.key === 'orderService');
	if (orderNode) {
		generatedNodesList.push(kit.code('Order Numbers', { items: [{ orderId: 'ORD-2024-000119' }, { orderId: 'ORD-2024-000123' }] }));
		generatedNodesList.push(
			kit.node('Order Service (real)', orderNode.type, 1, operationParameters(orderNode.description, 'getOrderStatus', { orderId: '={{ $json.orderId }}' }), {
				credentials: kit.credentialRef(creds.orderOk),
			}),
		);
		generatedLinks.push(...kit.chain(TRIGGER, 'Order Numbers', 'Order Service (real)'));
	}
	const shippingNode = generated.find((node) => node.connector?.key === 'shippingPartner');
	if (shippingNode) {
		generatedNodesList.push(
			kit.node('Shipping Partner (real)', shippingNode.type, 1, operationParameters(shippingNode.description, 'trackShipment', { trackingNumber: 'SH-GENERATED-1' }), {
				credentials: kit.credentialRef(creds.ccGenerated),
			}),
		);
		generatedLinks.push([TRIGGER, 'Shipping Partner (real)']);
	}
	workflows.generated = kit.workflow({ id: 'e2eGenerated0001', name: 'E2E: generated connector nodes', nodes: generatedNodesList, links: generatedLinks });
	workflows.instant = instantWorkflow({ kit, packageName: PACKAGE_NAME, credential: creds.orderOk, dataConnector: dc });
	return { workflows, previewCredentials: [...previewCreds.values()] };
}

/** The workflows the other n8n lines run: credentials, OAuth2, cookie and pagination. */
const CORE_WORKFLOWS = ['staticAuth', 'cookiePages', 'passwordGrant', 'passwordGrantWrong', 'clientCredentials', 'refresh', 'refresh403'];

/** For work on the browser tests: n8n set up as usual, then only the editor section. */
const EDITOR_ONLY = process.env.E2E_ONLY === 'editor';

async function main() {
	console.log('End-to-end tests: the package inside the real n8n server\n');
	fs.rmSync(FOLDER, { recursive: true, force: true });
	if (process.env.E2E_SKIP_BUILD !== '1') buildPackage({ quiet: true });
	if (!EDITOR_ONLY) await studioTests({ test, assert, folder: path.join(FOLDER, 'studio'), section });
	const wanted = EDITOR_ONLY ? ['default'] : (process.env.E2E_LINES ?? 'default,v1').split(',');
	if (wanted.includes('default')) await suite(LINES.default, { full: true, folder: FOLDER });
	if (wanted.includes('v1')) await suite(LINES.v1, { full: false, folder: path.join(FOLDER, `n8n-${LINES.v1.n8nVersion}`) });
}

/**
 * One n8n line: its own user folder, servers and n8n; `full` runs every section, otherwise the
 * core ones (credentials, OAuth2, cookie, pagination), test names prefixed with the n8n version.
 */
async function suite(line, { full, folder }) {
	const LOGS = path.join(folder, 'logs');
	const REGISTRY = path.join(folder, 'registry');
	const label = full ? '' : `[n8n ${line.n8nVersion}] `;
	const check = (name, fn) => test(`${label}${name}`, fn);
	fs.mkdirSync(LOGS, { recursive: true });

	// ----- setup -----
	let phase = Date.now();
	const runtime = await ensureRuntime(line);
	section(`${'='.repeat(10)} n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion}${full ? '' : ': credentials, OAuth2, cookie, pagination'}`);
	log(`n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion}: ${runtime.n8nDir}`);
	installPackage(folder);
	log(`package installed into ${path.relative(PROJECT, folder)}/.n8n/nodes/node_modules/${PACKAGE_NAME}`);

	const demoApi = await startDemoApi({ port: 0, dataFile: path.join(folder, 'orders.json') });
	cleanups.push(() => demoApi.close());
	const oauth = await startOAuthServer();
	cleanups.push(() => oauth.close());
	// Like django-oauth-toolkit: an expired token gets 403 with an empty body; refresh tokens issued.
	const oauth403 = await startOAuthServer({ expiredStatus: 403, emptyExpiredBody: true, refreshTokens: true });
	cleanups.push(() => oauth403.close());
	const rest = await startRestServer({ folder: fs.mkdtempSync(path.join(folder, 'json-server-')) });
	cleanups.push(() => rest.close());
	writeRegistry(REGISTRY, { rest: rest.url, oauth: oauth.url, oauth403: oauth403.url });
	seedHubFolder(REGISTRY, demoApi.baseUrl);
	const hub = await startHub({ folder: REGISTRY, logFile: path.join(LOGS, 'hub.log') });
	cleanups.push(() => hub.stop());
	log(`servers: demo Order Service ${demoApi.url}, OAuth2 ${oauth.url}, json-server ${rest.url}, Connector Hub ${hub.url} (folder ${path.relative(PROJECT, REGISTRY)})`);

	const port = await n8n.freePort();
	const brokerPort = await n8n.freePort();
	const env = n8n.n8nEnv(runtime, { userFolder: folder, port, brokerPort, logLevel: 'info', extra: { N8N_RUNNERS_GRANT_TOKEN_TTL: '120', ...LOG_FILE } });
	const creds = credentialsFor({ demoApi, oauth, hub });
	const generated = discoverGenerated();
	const { workflows, previewCredentials } = workflowsFor(creds, generated);
	// The workflows `npm start` imports, run here too so the demo cannot rot unnoticed.
	const demoCreds = demoCredentials(demoApi.baseUrl, hub);
	const demos = Object.fromEntries(demoWorkflows(demoCreds).map((workflow) => [workflow.id, workflow]));
	// Cases in their own files (e2e/lib/): credentials and workflows to import, tests after the
	// credential sections and at the end (the secret scan reads what every run left behind).
	const cases = full ? [secretScanCase({ kit, trigger: TRIGGER, registryFields, rest, oauth, oauth403, hub: creds.hub }), await fileTransferCase({ kit, trigger: TRIGGER, cleanups })] : [];
	const imported = full ? [...Object.values(workflows), ...Object.values(demos), ...cases.flatMap((item) => item.workflows)] : CORE_WORKFLOWS.map((key) => workflows[key]);
	const credentials = full ? [...Object.values(creds), ...previewCredentials, ...Object.values(demoCreds), ...cases.flatMap((item) => item.credentials)] : Object.values(creds);
	await n8n.importAll(runtime, env, folder, {
		credentials,
		workflows: imported,
		publish: full ? [workflows.webhook.id, workflows.instant.id, workflows.hubWebhook.id] : [],
	});
	log(`setup: ${formatSeconds(Date.now() - phase)} (credentials and ${imported.length} workflows imported)`);
	const run = (workflow, expect) => execute(runtime, env, workflow.id, { logFolder: LOGS, expect });
	// What the cases give the editor's browser cases (the Document Store server of the file case).
	const editorExtras = Object.assign({}, ...cases.map((item) => item.editor));
	const context = { runtime, env, folder, LOGS, REGISTRY, port, brokerPort, check, run, workflows, demos, generated, demoApi, rest, oauth, oauth403, credentials, hub, creds, editorExtras };
	if (EDITOR_ONLY) {
		await serverSections(context);
		return await cleanup();
	}
	if (full) await packageAndWorkflowSections(context);
	await credentialSections(context);
	for (const item of cases) await item.afterCredentials?.(context);
	if (full) await generatedSections(context);
	if (full) await serverSections(context);
	for (const item of cases) await item.atEnd?.(context);
	await cleanup();
}

/** n8n lists the package; the node with upstream items and write endpoints (demo Order Service). */
async function packageAndWorkflowSections({ runtime, env, folder, run, workflows, generated, demoApi }) {

	// ----- n8n lists the package -----
	section('n8n loads the package');
	let exportedNodes = [];
	await test('n8n export:nodes lists the Data Connector node and every generated node', async () => {
		const file = path.join(folder, 'nodes.json');
		await n8n.runCliOk(runtime, env, ['export:nodes', `--output=${file}`]);
		exportedNodes = JSON.parse(fs.readFileSync(file, 'utf8'));
		const names = new Set(exportedNodes.map((node) => node.name));
		assert.ok(names.has(`${PACKAGE_NAME}.dataConnector`), `${PACKAGE_NAME}.dataConnector missing`);
		for (const node of generated) assert.ok(names.has(node.type), `${node.type} missing`);
		const dataConnector = exportedNodes.find((node) => node.name === `${PACKAGE_NAME}.dataConnector`);
		const credentialTypes = dataConnector.credentials.map((credential) => credential.name);
		for (const type of CREDENTIAL_TYPES) assert.ok(credentialTypes.includes(type), `the node does not offer ${type}`);
	});
	await test(`generated connector nodes found in package.json: ${generated.map((node) => node.name).join(', ') || 'none'}`, async () => {
		assert.ok(generated.length > 0, 'package.json n8n.nodes lists no generated connector node (dist/nodes/generated/...)');
		for (const node of generated) assert.ok(node.connector, `${node.type}: no packaged connector has its operations`);
	});

	// ----- the Data Connector node in workflows -----
	section('Data Connector node: upstream items, mapping, paired items (demo Order Service, API key)');
	const mapping = await run(workflows.mapping, 'success');
	await test('a Code node produces items; inputs mapped by expression; one result per item, in order, paired', async () => {
		assert.deepEqual(
			mapping.json('Get Order Status').map((order) => [order.id, order.status]),
			[
				['ORD-2024-000123', 'shipped'],
				['ORD-2024-000119', 'delivered'],
				['ORD-2024-000140', 'shipped'],
			],
		);
		assert.deepEqual(mapping.paired('Get Order Status'), [0, 1, 2]);
	});
	await test("a downstream Set node reaches each result's input item through pairedItem ($('Orders').item)", async () => {
		assert.deepEqual(
			mapping.json('Check').map((item) => `${item.ref}:${item.id}`),
			['first:ORD-2024-000123', 'second:ORD-2024-000119', 'third:ORD-2024-000140'],
		);
	});
	await test('"Map Automatically" takes inputs by name from a Set node\'s item', async () => {
		assert.deepEqual(mapping.json('Auto Mapped').map((order) => order.id), ['ORD-2024-000131']);
	});
	await test('a list endpoint splits records into items, each paired with the item that asked', async () => {
		const listed = mapping.items('List By Status');
		assert.deepEqual(
			listed.map((item) => item.json.id),
			['ORD-2024-000140', 'ORD-2024-000123', 'ORD-2024-000119'],
		);
		assert.deepEqual(mapping.paired('List By Status'), [0, 0, 1]);
		assert.ok(demoApi.requests.every((request) => request.apiKey === DEMO_KEY), 'every request carried the API key');
	});

	section('Data Connector node: write endpoints change the demo API data');
	const writes = await run(workflows.writes, 'success');
	await test('Reschedule Delivery moves the delivery (POST with a JSON body)', async () => {
		const [result] = writes.json('Reschedule Delivery');
		const data = JSON.parse(fs.readFileSync(demoApi.dataFile, 'utf8'));
		const order = data.orders.find((candidate) => candidate.id === 'ORD-2024-000131');
		assert.equal(result.delivery.timeSlot, 'evening');
		assert.equal(order.delivery.estimatedDate, result.delivery.estimatedDate);
		assert.equal(order.delivery.note, 'e2e');
	});
	await test('Process Refund sends the Idempotency-Key: the second attempt returns the first refund', async () => {
		const [first, second] = writes.json('Process Refund');
		assert.equal(first.amount, 10);
		assert.equal(second.id, first.id);
		assert.equal(second.replayed, true);
		assert.deepEqual(writes.paired('Process Refund'), [0, 1]);
		const order = JSON.parse(fs.readFileSync(demoApi.dataFile, 'utf8')).orders.find((candidate) => candidate.id === 'ORD-2024-000131');
		assert.equal(order.refundedAmount, 10);
	});

	section('A wrong API key (demo Order Service)');
	const wrongKey = await run(workflows.wrongKey, 'failure');
	await test('API key (header, packaged Order Service): a wrong key fails the workflow with the connector\'s 401 message', async () => {
		const error = wrongKey.run('Get Order Status').error;
		assert.ok(error, 'the node has no error');
		assert.match(error.message, /rejected the API key/);
		assert.equal(String(error.httpCode), '401');
		assert.equal(demoApi.requests.at(-1).status, 401);
		assert.equal(demoApi.requests.at(-1).apiKey, 'not-the-key');
	});
}

/** Every credential type against real servers, OAuth2 (refresh after expiry), cookie and pagination: on every n8n line. */
async function credentialSections({ check: test, run, workflows, rest, oauth, oauth403 }) {
	section('Credentials against real servers (right and wrong)');
	const staticAuth = await run(workflows.staticAuth, 'success');
	const restRequest = (scheme, accepted) => rest.requests.filter((request) => request.scheme === scheme && request.accepted === accepted);
	await test('Basic: right credentials read a ticket and create one in json-server', async () => {
		assert.deepEqual(staticAuth.json('Basic OK').map((ticket) => ticket.subject), ['Parcel arrived damaged']);
		assert.equal(staticAuth.json('Basic Create')[0].id, 'T-2001');
		assert.ok(rest.db().tickets.some((ticket) => ticket.id === 'T-2001' && ticket.priority === 2), 'json-server stored the ticket');
	});
	await test('Basic: a wrong password is rejected (401, the connector\'s message)', async () => {
		const [item] = staticAuth.json('Basic Wrong');
		assert.equal(item.status, 401);
		assert.match(item.error, /rejected the username or password/);
		assert.equal(restRequest('basic', false).length, 1);
	});
	await test('Bearer: the right token lists contacts with a query filter; a wrong one is rejected', async () => {
		assert.deepEqual(staticAuth.json('Bearer OK').map((contact) => contact.id), ['C-8']);
		const [item] = staticAuth.json('Bearer Wrong');
		assert.equal(item.status, 401);
		assert.match(item.error, /rejected the bearer token/);
		assert.equal(restRequest('bearer', true).length, 1);
		assert.equal(restRequest('bearer', false).length, 1);
	});
	await test('API key in a header: right key lists open tickets; a wrong one is rejected', async () => {
		const open = staticAuth.json('API Key Header OK');
		assert.ok(open.every((ticket) => ticket.status === 'open'), 'only open tickets');
		assert.deepEqual(open.map((ticket) => ticket.id).filter((id) => id !== 'T-2001'), ['T-1001', 'T-1003']);
		assert.equal(staticAuth.json('API Key Header Wrong')[0].status, 401);
		assert.equal(restRequest('apikey-header', true).length, 1);
	});
	await test('API key in the query: right key reads a ticket; a wrong one is rejected', async () => {
		assert.deepEqual(staticAuth.json('API Key Query OK').map((ticket) => ticket.id), ['T-1003']);
		assert.equal(staticAuth.json('API Key Query Wrong')[0].status, 401);
		assert.equal(restRequest('apikey-query', true).length, 1);
		assert.equal(restRequest('apikey-query', false).length, 1);
	});

	section('API key in a cookie, pages with a total in a header (json-server)');
	const cookiePages = await run(workflows.cookiePages, 'success');
	await test('the key cookie joins the declared cookie; every page read; the X-Total-Count total ends paging without an empty request', async () => {
		assert.deepEqual(cookiePages.json('Cookie Pages OK').map((product) => product.id), ['P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6']);
		const accepted = restRequest('apikey-cookie', true);
		assert.deepEqual(
			accepted.map((request) => [request.query._page, request.query._limit, request.query.category]),
			[
				['1', '2', 'tools'],
				['2', '2', 'tools'],
				['3', '2', 'tools'],
			],
			'three pages of two, no fourth request',
		);
		assert.ok(accepted.every((request) => request.cookie === 'lang=de; e2e_key=e2e-key'), `Cookie headers: ${accepted.map((r) => r.cookie).join(' | ')}`);
	});
	await test('a wrong cookie key is rejected with the connector\'s 401 message, the key not shown', async () => {
		const [item] = cookiePages.json('Cookie Wrong');
		assert.equal(item.status, 401);
		assert.match(item.error, /rejected the API key/);
		assert.equal(restRequest('apikey-cookie', false).length, 1);
		assert.ok(!JSON.stringify(cookiePages.data).includes('e2e-key'), 'the key appears in the run data');
	});

	section('OAuth2 against a real authorization server');
	const passwordGrant = await run(workflows.passwordGrant, 'success');
	await test('password grant: token fetched with user, client (in the form) and scope; the API accepts it', async () => {
		assert.deepEqual(passwordGrant.json('Get Stock'), [{ sku: 'SHOE-42-BLK', onHand: 42, reserved: 3, user: 'wms.user' }]);
		const tokens = oauth.tokenRequests.filter((request) => request.grant === 'password');
		assert.equal(tokens.length, 1);
		assert.equal(tokens[0].ok, true);
		assert.deepEqual(tokens[0].scope, ['inventory:read']);
		assert.match(tokens[0].contentType, /^application\/x-www-form-urlencoded/);
	});
	const passwordWrong = await run(workflows.passwordGrantWrong, 'success');
	await test('password grant: a wrong password and a scope the user lacks are refused, with messages that say so', async () => {
		const [wrongPassword] = passwordWrong.json('Wrong Password');
		const [wrongScope] = passwordWrong.json('Wrong Scope');
		assert.match(wrongPassword.error, /rejected the username or password/);
		assert.match(wrongScope.error, /rejected the requested scope/);
		assert.ok(!JSON.stringify(passwordWrong.data).includes('not-the-password'), 'the wrong password appears in the run data');
		const failed = oauth.tokenRequests.filter((request) => request.grant === 'password' && !request.ok).map((request) => request.error);
		assert.deepEqual(failed.sort(), ['invalid_grant', 'invalid_scope']);
	});

	const tokenCount = () => oauth.tokenRequests.filter((request) => request.grant === 'client_credentials' && request.ok).length;
	const clientCredentials = await run(workflows.clientCredentials, 'success');
	await test('client credentials: the packaged Shipping Partner connector gets a token (Basic client auth) and tracks', async () => {
		const [tracking] = clientCredentials.json('Track Shipment');
		assert.equal(tracking.trackingNumber, '1Z999AA10123456784');
		assert.equal(tracking.language, 'de');
		assert.equal(tracking.client, 'shipping-client');
		const granted = oauth.tokenRequests.find((request) => request.grant === 'client_credentials' && request.ok);
		assert.deepEqual(granted.scope, ['shipments:read', 'shipments:write']);
	});
	await test('client credentials: a wrong client secret is refused (invalid_client)', async () => {
		const [item] = clientCredentials.json('Wrong Secret');
		assert.match(item.error, /rejected the client ID or client secret/);
		assert.ok(oauth.tokenRequests.some((request) => request.grant === 'client_credentials' && request.error === 'invalid_client'));
	});

	await test('an expired token is refreshed once: 401, one new token, the request sent again', async () => {
		const before = tokenCount();
		const first = await run(workflows.refresh, 'success');
		assert.equal(first.json('Track Shipment')[0].trackingNumber, 'SH-REFRESH-1');
		assert.equal(tokenCount(), before + 1, 'first run fetches a token');
		const second = await run(workflows.refresh, 'success');
		assert.equal(second.json('Track Shipment')[0].trackingNumber, 'SH-REFRESH-1');
		assert.equal(tokenCount(), before + 1, 'second run reuses the token n8n stored on the credential');
		oauth.expireAll();
		const apiBefore = oauth.apiRequests.length;
		const third = await run(workflows.refresh, 'success');
		assert.equal(third.json('Track Shipment')[0].trackingNumber, 'SH-REFRESH-1');
		assert.equal(tokenCount(), before + 2, 'exactly one new token after expiry');
		assert.deepEqual(
			oauth.apiRequests.slice(apiBefore).map((request) => request.status),
			[401, 200],
			'the expired token got a 401, the retry with the new token a 200',
		);
	});

	section('OAuth2 against a server that answers an expired token with 403 and issues refresh tokens');
	const counted = (server, from) => {
		const tokens = server.tokenRequests.slice(from.tokens);
		const api = server.apiRequests.slice(from.api);
		return {
			password: tokens.filter((request) => request.grant === 'password').length,
			refreshGrants: tokens.filter((request) => request.grant === 'refresh_token').map((request) => (request.ok ? 'ok' : request.error)),
			refused: api.filter((request) => request.status === 403).length,
			ok: api.filter((request) => request.status === 200).length,
		};
	};
	const mark = (server) => ({ tokens: server.tokenRequests.length, api: server.apiRequests.length });
	const run403 = async () => {
		const from = mark(oauth403);
		const execution = await run(workflows.refresh403, 'success');
		assert.equal(execution.json('Get Stock').length, 50);
		assert.deepEqual(execution.paired('Get Stock'), Array.from({ length: 50 }, (_, index) => index));
		return counted(oauth403, from);
	};
	await test('50 items at concurrency 10: one token request for all of them', async () => {
		assert.deepEqual(await run403(), { password: 1, refreshGrants: [], refused: 0, ok: 50 });
	});
	await test('the token n8n saved serves the next execution: no token request', async () => {
		assert.deepEqual(await run403(), { password: 0, refreshGrants: [], refused: 0, ok: 50 });
	});
	await test('expired (403, empty body): one refresh-token grant, the 10 refused items each resent once', async () => {
		oauth403.expireAll();
		assert.deepEqual(await run403(), { password: 0, refreshGrants: ['ok'], refused: 10, ok: 50 });
		assert.deepEqual(await run403(), { password: 0, refreshGrants: [], refused: 0, ok: 50 }, 'the refreshed token was saved through n8n');
	});
	await test('expired and the refresh token revoked: the refresh grant fails once, one full grant, each refused item resent once', async () => {
		oauth403.expireAll();
		oauth403.revokeRefreshTokens();
		assert.deepEqual(await run403(), { password: 1, refreshGrants: ['invalid_grant'], refused: 10, ok: 50 });
	});
}

/** Generated nodes, drafts, the demo workflows, and the n8n server (webhook, REST API). */
async function generatedSections({ run, workflows, demos, generated }) {
	section('Generated connector nodes');
	const generatedRun = await run(workflows.generated, 'success');
	for (const node of generated.filter((candidate) => candidate.connector)) {
		await test(`${node.type}: every operation previews its request with the sample data`, async () => {
			for (const endpoint of node.connector.endpoints) {
				const name = `${node.displayName}: ${endpoint.name} (preview)`;
				const [preview] = generatedRun.json(name);
				assert.equal(preview.method, endpoint.method ?? 'GET', name);
				assert.ok(String(preview.url).startsWith(node.connector.baseUrl), `${name}: ${preview.url}`);
				assert.ok(!JSON.stringify(preview).includes('preview-secret') && !JSON.stringify(preview).includes('preview-key'), `${name}: a secret is shown`);
			}
		});
	}
	if (orderNode(generated)) {
		await test('generated Order Service node: real calls to the demo API, inputs mapped by expression, paired', async () => {
			assert.deepEqual(generatedRun.json('Order Service (real)').map((order) => order.id), ['ORD-2024-000119', 'ORD-2024-000123']);
			assert.deepEqual(generatedRun.paired('Order Service (real)'), [0, 1]);
		});
	}
	if (generated.some((node) => node.connector?.key === 'shippingPartner')) {
		await test('generated Shipping Partner node: OAuth2 client credentials against the real server', async () => {
			assert.equal(generatedRun.json('Shipping Partner (real)')[0].trackingNumber, 'SH-GENERATED-1');
		});
	}

	section('Draft connectors');
	const draft = await run(workflows.draft, 'failure');
	await test('a draft connector stops a non-manual (CLI) execution with a clear message', async () => {
		assert.match(draft.run('Get Stock Level').error.message, /is a draft and does not run in production executions/);
	});

	section('The npm start demo workflows');
	await test('Demo 1 answers each customer question from the Order Service', async () => {
		const demo = await run(demos.dcDemoOrderLook1, 'success');
		const answers = demo.json('Answer');
		assert.equal(answers.length, 3);
		assert.match(answers[0].answer, /ORD-2024-000123 is shipped/);
		assert.match(answers[1].answer, /was delivered on 2024-11-04/);
		assert.ok(demo.json('List Shipped Orders').length >= 1);
	});
	await test('Demo 2 reschedules a delivery and refunds (a rerun the same day replays the refund)', async () => {
		const first = await run(demos.dcDemoOrderAct01, 'success');
		const [refund] = first.json('Process Refund');
		assert.equal(refund.reason, 'late_delivery');
		assert.equal(first.json('Reschedule Delivery')[0].delivery.timeSlot, 'evening');
		const second = await run(demos.dcDemoOrderAct01, 'success');
		assert.equal(second.json('Process Refund')[0].id, refund.id);
		assert.equal(second.json('Process Refund')[0].replayed, true);
	});
	await test('Demo 8 runs a connector served by the Connector Hub against the demo API', async () => {
		const demo = await run(demos.dcDemoHubTrack01, 'success');
		assert.deepEqual(demo.json('Track Order').map((order) => order.id), ['ORD-2024-000123', 'ORD-2024-000140']);
		assert.match(demo.json('Where Is It')[0].where, /^shipped with DHL, expected /);
	});
	await test('Demos 4 and 5 preview CRM and Shipping Partner requests with secrets masked', async () => {
		const crm = await run(demos.dcDemoCrmPrev001, 'success');
		assert.deepEqual(crm.json('Search Contacts').map((request) => request.headers.Authorization), ['Bearer ******', 'Bearer ******']);
		assert.equal(crm.json('Create Contact')[1].body.email, 'mei.chen@example.com');
		const shipping = await run(demos.dcDemoShipPrev01, 'success');
		assert.match(shipping.json('Track Shipment')[0].url, /\/shipments\/1Z999AA10123456784\/tracking/);
		assert.equal(shipping.json('Create Shipment')[0].method, 'POST');
	});

}

/** The n8n server: webhook, REST API, the hub and the instant trigger through it, the editor. */
async function serverSections({ runtime, folder, LOGS, port, brokerPort, demoApi, hub, creds, rest, oauth, generated, editorExtras }) {
	section('n8n server: webhook, REST API');
	const logFile = path.join(LOGS, 'n8n-server.log');
	const serverEnv = n8n.n8nEnv(runtime, { userFolder: folder, port, brokerPort, logLevel: 'info', extra: { N8N_RUNNERS_GRANT_TOKEN_TTL: '120', ...LOG_FILE } });
	let phase = Date.now();
	const server = n8n.startServer(runtime, serverEnv, { logFile });
	cleanups.push(() => n8n.removeEditorCache(folder));
	cleanups.push(() => n8n.stopGroup(server));
	const baseUrl = `http://127.0.0.1:${port}`;
	await n8n.waitReady(baseUrl, server, { logFile });
	log(`  n8n start: ready in ${formatSeconds(Date.now() - phase)} on ${baseUrl}`);
	await test('the published webhook workflow is registered once n8n is up (n8n publishes in the background)', async () => {
		await n8n.waitWebhook(baseUrl, 'e2e-order-status', server, { timeoutMs: 600_000 });
	});

	await test('the published webhook workflow answers with the connector\'s result', async () => {
		// Only this order's lookups: n8n activates the instant-trigger workflow in the background,
		// and its subscription calls reach the same demo API meanwhile.
		const lookups = () => demoApi.requests.filter((request) => request.method === 'GET' && request.path === '/api/v1/orders/ORD-2024-000123').length;
		const before = lookups();
		const response = await fetch(`${baseUrl}/webhook/e2e-order-status?orderId=ORD-2024-000123`, { signal: AbortSignal.timeout(30_000) });
		const text = await response.text();
		assert.equal(response.status, 200, text);
		assert.deepEqual(JSON.parse(text), { orderId: 'ORD-2024-000123', status: 'shipped', carrier: 'DHL', error: null });
		assert.equal(lookups(), before + 1);
	});
	await test('the webhook answers an unknown order with the connector\'s 404 message', async () => {
		const response = await fetch(`${baseUrl}/webhook/e2e-order-status?orderId=ORD-2024-999999`, { signal: AbortSignal.timeout(30_000) });
		const body = await response.json();
		assert.equal(body.status, 'unknown');
		assert.match(body.error, /No order with this number/);
	});
	let cookie;
	const owner = { email: 'e2e@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Connectors-1' };
	await test('owner setup and login over the REST API', async () => {
		assert.equal(await n8n.ensureOwner(baseUrl, owner), 'created');
		cookie = await n8n.login(baseUrl, owner);
	});
	await test('the REST API lists the node types and the credential types of the five auth methods', async () => {
		const nodes = await (await fetch(`${baseUrl}/types/nodes.json`, { headers: { cookie } })).json();
		const nodeNames = new Set(nodes.map((node) => node.name));
		for (const type of [`${PACKAGE_NAME}.dataConnector`, ...generated.map((node) => node.type)]) assert.ok(nodeNames.has(type), `${type} missing`);
		const credentials = await (await fetch(`${baseUrl}/types/credentials.json`, { headers: { cookie } })).json();
		const credentialNames = new Set(credentials.map((credential) => credential.name));
		for (const type of CREDENTIAL_TYPES) assert.ok(credentialNames.has(type), `${type} missing`);
	});

	if (EDITOR_ONLY) return await editorSection({ baseUrl, owner, demoApi, rest, oauth, hub, creds, generated, editorExtras });
	section('Connector Hub and n8n: list, run, in use, edit, draft');
	await hubTests({ test, assert, baseUrl, cookie: () => cookie, hub, creds, packageName: PACKAGE_NAME });

	section('Instant trigger: subscriptions and signed events (demo Order Service)');
	await instantTriggerTests({ test, assert, baseUrl, cookie: () => cookie, demoApi });
	await editorSection({ baseUrl, owner, demoApi, rest, oauth, hub, creds, generated, editorExtras });
}

async function editorSection({ baseUrl, owner, demoApi, rest, oauth, hub, creds, generated, editorExtras }) {
	section('The n8n editor in Chromium: nodes set up from scratch');
	const phase = Date.now();
	await editorTests({ baseUrl, owner, demoApi, apiKey: DEMO_KEY, rest, restSecrets: SECRETS, oauth, test, assert, folder: FOLDER, hub, creds, generated, ...editorExtras });
	log(`  editor tests: ${formatSeconds(Date.now() - phase)}`);
}

const orderNode = (generated) => generated.find((node) => node.connector?.key === 'orderService');

main()
	.catch((error) => {
		results.push({ name: 'setup', ok: false, error });
		console.log(`\n✗ stopped: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
	})
	.then(cleanup)
	.then(() => {
		console.log(`\nlogs: ${path.relative(process.cwd(), FOLDER) || FOLDER}/**/logs/`);
		process.exit(summary(started));
	});
