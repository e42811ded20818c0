/**
 * What `npm start` imports into the demo n8n: one credential per packaged connector and one
 * workflow per packaged connector, plus a webhook workflow. The Order Service runs against the
 * local demo API (scripts/n8n/demo-api.js); the other connectors have no local counterpart, so
 * their workflows use the node's "Preview Request (Do Not Send)" option and run offline.
 *
 * Demo 8 uses a connector that is not packaged: the Connector Hub started next to n8n serves it
 * (scripts/n8n/demo/hub/, copied into the hub's folder), read through the "Connector Hub (local)"
 * credential.
 *
 * Workflow and credential IDs are fixed: every start re-imports them (edits to the demo workflows
 * are reset; save a copy under another name to keep your changes).
 */
const fs = require('fs');
const path = require('path');
const kit = require('../workflow-kit');

const HUB_CONNECTORS = path.join(__dirname, 'hub');

/**
 * Puts the demo's hub connectors into the hub's folder, the demo API's address filled in; a file
 * already there is left alone (it may have been edited through the hub).
 */
function seedHubFolder(folder, demoApiBaseUrl) {
	fs.mkdirSync(folder, { recursive: true });
	for (const file of fs.readdirSync(HUB_CONNECTORS)) {
		const target = path.join(folder, file);
		if (fs.existsSync(target)) continue;
		fs.writeFileSync(target, fs.readFileSync(path.join(HUB_CONNECTORS, file), 'utf8').replaceAll('__DEMO_API_URL__', demoApiBaseUrl));
	}
}

/** The resource-mapper fields of a hub connector's endpoint (the editor reads them from the hub). */
function hubFields(file, endpointKey) {
	const definition = JSON.parse(fs.readFileSync(path.join(HUB_CONNECTORS, file), 'utf8'));
	const endpoint = definition.endpoints.find((candidate) => candidate.key === endpointKey);
	return kit.builtCatalog().inputFields(endpoint.inputs.map((input) => ({ type: 'string', required: false, ...input })));
}

const DEMO_API_KEY = 'demo-order-service-key';
const WEBHOOK_PATH = 'order-status';

function demoCredentials(demoApiBaseUrl, hub) {
	return {
		hub: kit.credential('dcDemoHubRead001', 'Connector Hub (local)', 'dataConnectorHubApi', { url: hub.url, token: hub.tokens.read }),
		orderService: kit.credential('dcDemoOrderKey01', 'Order Service (local demo API)', 'dataConnectorApiKeyApi', {
			apiKey: DEMO_API_KEY,
			keyLocation: '',
			keyName: '',
			baseUrl: demoApiBaseUrl,
			allowUnauthorizedCerts: false,
			testUrl: `${demoApiBaseUrl}/orders?limit=1`,
		}),
		crm: kit.credential('dcDemoCrmToken01', 'CRM Contacts (demo token, preview only)', 'dataConnectorBearerTokenApi', {
			token: 'demo-crm-token',
			baseUrl: '',
			allowUnauthorizedCerts: false,
			testUrl: '',
		}),
		shipping: kit.credential('dcDemoShipping01', 'Shipping Partner (demo client, preview only)', 'dataConnectorClientCredentialsOAuth2Api', {
			clientId: 'demo-shipping-client',
			clientSecret: 'demo-shipping-secret',
			tokenUrl: '',
			scope: '',
			clientAuthentication: '',
			baseUrl: '',
			allowUnauthorizedCerts: false,
			testUrl: '',
		}),
		warehouse: kit.credential('dcDemoWarehous01', 'Warehouse Inventory (demo user, preview only)', 'dataConnectorPasswordGrantOAuth2Api', {
			username: 'demo.user',
			password: 'demo-password',
			clientId: 'demo-wms-client',
			clientSecret: 'demo-wms-secret',
			tokenUrl: '',
			scope: '',
			clientAuthentication: '',
			baseUrl: '',
			allowUnauthorizedCerts: false,
			testUrl: '',
		}),
	};
}

const PREVIEW = { preview: true };

function demoWorkflows(credentials) {
	const orderLookup = kit.workflow({
		id: 'dcDemoOrderLook1',
		name: 'Demo 1 · Order Service: is my order delivered?',
		nodes: [
			kit.stickyNote(
				'About this demo',
				'## Is my order delivered?\nThree customer questions go to the **Order Service** connector (the local demo API, see the terminal).\n\n- **Get Order Status** maps *Order Number* from each item by expression `{{ $json.orderId }}`\n- **Answer** writes a reply, using the question that produced each result (paired items)\n- **List Shipped Orders** lists orders by status\n\nClick **Execute workflow**. Edit `.n8n-demo/orders.json` and run again.',
			),
			kit.manualTrigger(),
			kit.code('Customer Questions', {
				items: [
					{ customer: 'Jane Doe', orderId: 'ORD-2024-000123', question: 'Where is my trail runner?' },
					{ customer: 'Omar Haddad', orderId: 'ORD-2024-000119', question: 'Did my socks arrive?' },
					{ customer: 'Lukas Berg', orderId: 'ORD-2024-000140', question: 'When does the tent come?' },
				],
			}),
			kit.dataConnector('Get Order Status', {
				connector: 'orderService',
				endpoint: 'getOrderStatus',
				inputs: { orderId: '={{ $json.orderId }}' },
				credential: credentials.orderService,
			}),
			kit.setFields('Answer', {
				customer: "={{ $('Customer Questions').item.json.customer }}",
				question: "={{ $('Customer Questions').item.json.question }}",
				answer:
					"={{ $json.status === 'delivered' ? 'Your order ' + $json.id + ' was delivered on ' + String($json.delivery?.deliveredAt ?? '').slice(0, 10) + '.' : $json.delivery ? 'Your order ' + $json.id + ' is ' + $json.status + '; ' + $json.delivery.carrier + ' expects to deliver it on ' + $json.delivery.estimatedDate + ' (' + $json.delivery.timeSlot + ').' : 'Your order ' + $json.id + ' is ' + $json.status + '.' }}",
			}),
			{
				...kit.dataConnector('List Shipped Orders', {
					connector: 'orderService',
					endpoint: 'listOrders',
					inputs: { status: 'shipped', limit: 10 },
					credential: credentials.orderService,
				}),
				position: [480, 220],
			},
		],
		links: [
			...kit.chain('When clicking ‘Execute workflow’', 'Customer Questions', 'Get Order Status', 'Answer'),
			['When clicking ‘Execute workflow’', 'List Shipped Orders'],
		],
	});

	const orderActions = kit.workflow({
		id: 'dcDemoOrderAct01',
		name: 'Demo 2 · Order Service: reschedule a delivery and refund',
		nodes: [
			kit.stickyNote(
				'About this demo',
				'## Reschedule the delivery, process a refund\nWrite endpoints of the **Order Service** connector against the local demo API: the data in `.n8n-demo/orders.json` changes.\n\nThe refund\'s *Idempotency Key* is the same all day: running again the same day returns the first refund (`replayed: true`) instead of refunding twice.',
			),
			kit.manualTrigger(),
			kit.code('Support Ticket', {
				jsCode:
					"const date = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);\nreturn [{ json: { ticket: 'T-48211', orderId: 'ORD-2024-000131', newDate: date, timeSlot: 'evening', note: 'Please leave it with the neighbour at no. 12', goodwill: 10 } }];",
			}),
			kit.dataConnector('Reschedule Delivery', {
				connector: 'orderService',
				endpoint: 'rescheduleDelivery',
				inputs: { orderId: '={{ $json.orderId }}', date: '={{ $json.newDate }}', timeSlot: '={{ $json.timeSlot }}', note: '={{ $json.note }}' },
				credential: credentials.orderService,
			}),
			kit.dataConnector('Process Refund', {
				connector: 'orderService',
				endpoint: 'processRefund',
				inputs: {
					orderId: "={{ $('Support Ticket').item.json.orderId }}",
					amount: "={{ $('Support Ticket').item.json.goodwill }}",
					currency: 'EUR',
					reason: 'late_delivery',
					comment: "={{ 'Ticket ' + $('Support Ticket').item.json.ticket }}",
					idempotencyKey: "={{ $('Support Ticket').item.json.ticket + '-' + $today.toFormat('yyyy-MM-dd') }}",
				},
				credential: credentials.orderService,
			}),
		],
		links: kit.chain('When clicking ‘Execute workflow’', 'Support Ticket', 'Reschedule Delivery', 'Process Refund'),
	});

	const statusWebhook = kit.workflow({
		id: 'dcDemoWebhook001',
		name: 'Demo 3 · Webhook: order status for a chat bot',
		active: true,
		nodes: [
			kit.stickyNote(
				'About this demo',
				`## Order status over HTTP (active)\nTry: \`curl "http://127.0.0.1:5678/webhook/${WEBHOOK_PATH}?orderId=ORD-2024-000123"\`\n\nThe webhook passes the order number to the **Order Service** connector and answers with the last node's result. An unknown order number answers with the connector's error message (the node continues on error).`,
			),
			kit.webhook('Webhook', { path: WEBHOOK_PATH }),
			kit.dataConnector('Get Order Status', {
				connector: 'orderService',
				endpoint: 'getOrderStatus',
				inputs: { orderId: '={{ $json.query.orderId }}' },
				credential: credentials.orderService,
				extra: { onError: 'continueRegularOutput' },
			}),
			kit.setFields('Reply', {
				orderId: "={{ $('Webhook').item.json.query.orderId }}",
				status: "={{ $json.error ? 'unknown' : $json.status }}",
				expectedDelivery: '={{ $json.delivery?.estimatedDate ?? null }}',
				answer:
					"={{ $json.error ? $json.error : 'Order ' + $json.id + ' is ' + $json.status + (($json.delivery && $json.delivery.estimatedDate) ? ', expected on ' + $json.delivery.estimatedDate : '') + '.' }}",
			}),
		],
		links: kit.chain('Webhook', 'Get Order Status', 'Reply'),
	});

	const crm = kit.workflow({
		id: 'dcDemoCrmPrev001',
		name: 'Demo 4 · CRM Contacts (preview: no API needed)',
		nodes: [
			kit.stickyNote(
				'About this demo',
				'## CRM Contacts, previewed\nNo CRM runs on this machine, so these nodes use **Options > Preview Request (Do Not Send)**: each outputs the request it would send, the bearer token as `******`.\n\nTurn the option off and give the credential a real token and *Base URL Override* to call your CRM.',
			),
			kit.manualTrigger(),
			kit.code('New Leads', {
				items: [
					{ email: 'omar.haddad@example.com', firstName: 'Omar', lastName: 'Haddad', company: 'Haddad Logistics' },
					{ email: 'mei.chen@example.com', firstName: 'Mei', lastName: 'Chen', company: 'Chen Outdoor' },
				],
			}),
			kit.dataConnector('Search Contacts', {
				connector: 'crmContacts',
				endpoint: 'searchContacts',
				inputs: { query: '={{ $json.email }}' },
				credential: credentials.crm,
				options: PREVIEW,
			}),
			kit.dataConnector('Create Contact', {
				connector: 'crmContacts',
				endpoint: 'createContact',
				inputs: 'auto',
				credential: credentials.crm,
				options: PREVIEW,
				extra: { position: [480, 220] },
			}),
		],
		links: [...kit.chain('When clicking ‘Execute workflow’', 'New Leads', 'Search Contacts'), ['New Leads', 'Create Contact']],
	});

	const shipping = kit.workflow({
		id: 'dcDemoShipPrev01',
		name: 'Demo 5 · Shipping Partner (preview: no API needed)',
		nodes: [
			kit.stickyNote(
				'About this demo',
				'## Shipping Partner, previewed\nOAuth2 client credentials: with a real client ID and secret the node fetches a token from the connector\'s token URL first. Here **Preview Request** shows the requests without sending anything.',
			),
			kit.manualTrigger(),
			kit.code('Parcels', {
				items: [{ trackingNumber: '1Z999AA10123456784', reference: 'ORD-2024-000123', recipientName: 'Jane Doe', street: 'Hauptstrasse 12', postalCode: '10115', city: 'Berlin', country: 'DE', weightKg: 1.2 }],
			}),
			kit.dataConnector('Track Shipment', {
				connector: 'shippingPartner',
				endpoint: 'trackShipment',
				inputs: { trackingNumber: '={{ $json.trackingNumber }}', language: 'en' },
				credential: credentials.shipping,
				options: PREVIEW,
			}),
			kit.dataConnector('Create Shipment', {
				connector: 'shippingPartner',
				endpoint: 'createShipment',
				inputs: 'auto',
				credential: credentials.shipping,
				options: PREVIEW,
				extra: { position: [480, 220] },
			}),
		],
		links: [...kit.chain('When clicking ‘Execute workflow’', 'Parcels', 'Track Shipment'), ['Parcels', 'Create Shipment']],
	});

	const warehouse = kit.workflow({
		id: 'dcDemoWmsPrev001',
		name: 'Demo 6 · Warehouse Inventory (draft connector, preview)',
		nodes: [
			kit.stickyNote(
				'About this demo',
				'## A draft connector\n**Warehouse Inventory** is a *draft*: it runs when you test the workflow here in the editor, and stops active (production) executions with a clear message. **Preview Request** shows the stock request without sending it.',
			),
			kit.manualTrigger(),
			kit.dataConnector('Get Stock Level', {
				connector: 'warehouseInventory',
				endpoint: 'getStockLevel',
				inputs: { warehouseId: 'BER1', sku: 'SHOE-42-BLK' },
				credential: credentials.warehouse,
				options: PREVIEW,
			}),
		],
		links: kit.chain('When clicking ‘Execute workflow’', 'Get Stock Level'),
	});

	const orderEvents = kit.workflow({
		id: 'dcDemoOrderEvnt1',
		name: 'Demo 7 · Order Service: instant trigger on refunds and reschedules',
		active: true,
		nodes: [
			kit.stickyNote(
				'About this demo',
				'## Events pushed by the API (active)\nThe **Order Service Instant Trigger** subscribed to the demo API when n8n started (it unsubscribes when you deactivate this workflow). Run **Demo 2**: its reschedule and refund make the API send signed events, and this workflow runs once per event, the event\'s record as the item.\n\nForged, replayed or repeated events are refused (401) or acknowledged without a run.',
			),
			kit.node('Order Events', `${kit.NODE_TYPE}OrderServiceInstantTrigger`, 1, { events: ['order.delivery_rescheduled', 'order.refunded'] }, {
				credentials: kit.credentialRef(credentials.orderService),
				webhookId: '0b6f3d0e-7d43-4b59-9a8e-2f1d5c7e4a01',
			}),
			kit.setFields('What Happened', {
				orderId: '={{ $json.orderId }}',
				summary:
					"={{ $json.delivery ? 'Delivery of ' + $json.orderId + ' moved to ' + $json.delivery.estimatedDate + ' (' + $json.delivery.timeSlot + ')' : 'Refund ' + $json.id + ' of ' + $json.amount + ' ' + $json.currency + ' for ' + $json.orderId }}",
			}),
		],
		links: kit.chain('Order Events', 'What Happened'),
	});

	const fromHub = kit.workflow({
		id: 'dcDemoHubTrack01',
		name: 'Demo 8 · Connector Hub: a connector that is not packaged',
		nodes: [
			kit.stickyNote(
				'About this demo',
				'## A connector from the Connector Hub\n**Order Tracking** is not part of the package: the Connector Hub started next to n8n serves it (URL and token in the terminal), and the **Connector Hub (local)** credential on the node lists it as *Hub: Order Tracking*.\n\nChange it in the hub (for example with the **Data Connector Registry** node, or `curl -X PUT` with the admin token) and the next run uses the change; n8n keeps a copy, so a short hub outage does not stop the workflow.',
			),
			kit.manualTrigger(),
			kit.code('Orders', { items: [{ orderId: 'ORD-2024-000123' }, { orderId: 'ORD-2024-000140' }] }),
			kit.dataConnector('Track Order', {
				connector: 'orderTracking',
				endpoint: 'trackOrder',
				inputs: { orderId: '={{ $json.orderId }}' },
				credential: credentials.orderService,
				hub: credentials.hub,
				authentication: 'apiKey',
				fields: hubFields('order-tracking.json', 'trackOrder'),
			}),
			kit.setFields('Where Is It', {
				orderId: '={{ $json.id }}',
				where: "={{ $json.delivery ? $json.status + ' with ' + $json.delivery.carrier + ', expected ' + $json.delivery.estimatedDate : $json.status }}",
			}),
		],
		links: kit.chain('When clicking ‘Execute workflow’', 'Orders', 'Track Order', 'Where Is It'),
	});

	return [orderLookup, orderActions, statusWebhook, crm, shipping, warehouse, orderEvents, fromHub];
}

module.exports = { demoCredentials, demoWorkflows, seedHubFolder, DEMO_API_KEY, WEBHOOK_PATH };
