/**
 * `npm start`: this package inside a real n8n on http://127.0.0.1:5678, with demo data.
 *
 *   1. Node 24 and n8n 2.41.1 from the cache outside the clone (installed on the first run only,
 *      5 to 15 minutes depending on the machine; see scripts/n8n/runtime.js)
 *   2. npm run build, then the package installed into .n8n-demo/ the way n8n installs community packages
 *   3. the demo Order Service API on 127.0.0.1:5680 (data: .n8n-demo/orders.json)
 *   4. the Connector Hub on 127.0.0.1:5681 (folder .n8n-demo/hub/, or DATA_CONNECTORS_REGISTRY),
 *      with the packaged connectors (read-only) and the demo's hub connector; its tokens are kept in
 *      .n8n-demo/hub-tokens.json so the hub credential stays valid across starts
 *   5. demo credentials (the hub's included) and workflows imported (again only when they changed),
 *      the active ones published (the webhook and the instant trigger)
 *   6. n8n started, the owner account set up, the login, the hub's URL and tokens printed
 *
 * Ctrl-C stops n8n, the hub and the demo API. Settings (environment variables): N8N_PORT (5678),
 * DEMO_API_PORT (5680), DATA_CONNECTORS_HUB_PORT (5681), DATA_CONNECTORS_REGISTRY (the hub's
 * folder), DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD, DEMO_RESET=1 (start from scratch),
 * DATA_CONNECTORS_N8N_CACHE (the cache folder), and any N8N_* setting of n8n itself.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { ensureRuntime, formatSeconds } = require('./runtime');
const { buildPackage, installPackage, PROJECT, PACKAGE_NAME } = require('./package');
const n8n = require('./n8n');
const { startDemoApi } = require('./demo-api');
const { demoCredentials, demoWorkflows, seedHubFolder, DEMO_API_KEY, WEBHOOK_PATH } = require('./demo/content');
const { newTokens, startHub } = require('./hub');

const FOLDER = path.join(PROJECT, '.n8n-demo');
const PORT = Number(process.env.N8N_PORT || 5678);
const API_PORT = Number(process.env.DEMO_API_PORT || 5680);
const HUB_PORT = Number(process.env.DATA_CONNECTORS_HUB_PORT || 5681);
const OWNER = {
	email: process.env.DEMO_OWNER_EMAIL || 'demo@example.com',
	firstName: 'Demo',
	lastName: 'Builder',
	password: process.env.DEMO_OWNER_PASSWORD || 'Demo-Connectors-1',
};

const say = (line = '') => console.log(`[npm start] ${line}`);
const started = Date.now();

let server;
let demoApi;
let hub;
let stopping = false;

async function stop(code) {
	if (stopping) {
		// A second Ctrl-C: no more waiting.
		n8n.killAll('SIGKILL');
		process.exit(code);
	}
	stopping = true;
	say('stopping n8n, the Connector Hub and the demo API ...');
	n8n.killAll('SIGINT');
	if (server) await n8n.stopGroup(server, { signal: 'SIGINT', graceMs: 20_000 });
	n8n.killAll('SIGKILL');
	n8n.removeEditorCache(FOLDER);
	if (hub) await hub.stop();
	if (demoApi) await demoApi.close();
	say('stopped');
	process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
n8n.watchParent(() => {
	say('npm went away: stopping');
	stop(0);
});

/**
 * n8n's terminal lines worth showing: its errors, prefixed. Everything else n8n says stays in the log
 * file (.n8n-demo/n8n.log), so the terminal shows the steps, the URL and the login. Known harmless
 * errors are left out too: the "webhook not registered" answers to the readiness probe while n8n
 * publishes the webhook, with their stacks.
 */
let hidingStack = false;
function showN8nLine(line) {
	if (hidingStack && /^\s+at /.test(line)) return undefined;
	hidingStack = false;
	if (/is not registered/.test(line)) {
		hidingStack = true;
		return undefined;
	}
	return /\b(error|ERROR|Error:|fatal|FATAL)\b/.test(line) ? `[n8n] ${line}` : undefined;
}

const hash = (value) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');

async function main() {
	say(`n8n with ${PACKAGE_NAME}: setting up (folder ${path.relative(process.cwd(), FOLDER) || FOLDER})`);
	for (const [port, what, knob] of [
		[PORT, 'n8n', 'N8N_PORT'],
		[PORT + 1, "n8n's task runner broker", 'N8N_PORT'],
		[API_PORT, 'the demo API', 'DEMO_API_PORT'],
		[HUB_PORT, 'the Connector Hub', 'DATA_CONNECTORS_HUB_PORT'],
	]) {
		if (await n8n.portInUse(port)) {
			throw new Error(`port ${port} (for ${what}) is in use on 127.0.0.1: stop what runs there, or set ${knob} to another port`);
		}
	}
	if (process.env.DEMO_RESET === '1') {
		say('DEMO_RESET=1: removing the previous demo (database, workflows, demo data)');
		fs.rmSync(FOLDER, { recursive: true, force: true });
	}

	const runtime = await ensureRuntime();
	say(`n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} from ${path.dirname(runtime.n8nDir)}`);

	say('building the package (npm run build)');
	buildPackage({ quiet: true });
	installPackage(FOLDER);
	say(`installed into ${path.relative(PROJECT, FOLDER)}/.n8n/nodes/node_modules/${PACKAGE_NAME}`);

	demoApi = await startDemoApi({
		port: API_PORT,
		dataFile: path.join(FOLDER, 'orders.json'),
		log: (line) => console.log(`[demo-api] ${line}`),
	});
	say(`demo Order Service API on ${demoApi.baseUrl}`);

	// The hub's folder: a folder of connector files you had for DATA_CONNECTORS_REGISTRY is served
	// as it is; the demo's hub connector is added when missing.
	const hubFolder = process.env.DATA_CONNECTORS_REGISTRY ? path.resolve(process.env.DATA_CONNECTORS_REGISTRY) : path.join(FOLDER, 'hub');
	seedHubFolder(hubFolder, demoApi.baseUrl);
	const tokensFile = path.join(FOLDER, 'hub-tokens.json');
	if (!fs.existsSync(tokensFile)) fs.writeFileSync(tokensFile, `${JSON.stringify(newTokens(), null, 2)}\n`, { mode: 0o600 });
	hub = await startHub({ folder: hubFolder, port: HUB_PORT, tokens: JSON.parse(fs.readFileSync(tokensFile, 'utf8')), logFile: path.join(FOLDER, 'hub.log') });
	say(`Connector Hub on ${hub.url}/api/v1 (folder ${path.relative(process.cwd(), hubFolder) || hubFolder}; log ${path.relative(process.cwd(), path.join(FOLDER, 'hub.log'))})`);

	const env = n8n.n8nEnv(runtime, {
		userFolder: FOLDER,
		port: PORT,
		logLevel: process.env.N8N_LOG_LEVEL || 'info',
		keepUserSettings: true,
	});
	const credentials = demoCredentials(demoApi.baseUrl, hub);
	const workflows = demoWorkflows(credentials);
	const published = workflows.filter((workflow) => workflow.active).map((workflow) => workflow.id);
	const marker = path.join(FOLDER, 'import', '.imported');
	const contentHash = hash({ credentials, workflows });
	const database = path.join(FOLDER, '.n8n', 'database.sqlite');
	const previous = fs.existsSync(marker) && fs.existsSync(database) ? fs.readFileSync(marker, 'utf8').trim() : '';
	if (previous !== contentHash) {
		say(previous ? 'the demo workflows changed: importing them again' : 'importing the demo credentials and workflows (first start: n8n creates its database)');
		await n8n.importAll(runtime, env, FOLDER, {
			credentials: Object.values(credentials),
			workflows,
			publish: published,
			unpublishFirst: previous ? published : [],
		});
		fs.writeFileSync(marker, `${contentHash}\n`);
	} else {
		say('demo workflows already imported (your edits are kept; DEMO_RESET=1 starts from scratch)');
	}

	say(`starting n8n on http://127.0.0.1:${PORT} (log: ${path.relative(process.cwd(), path.join(FOLDER, 'n8n.log'))})`);
	server = n8n.startServer(runtime, env, { logFile: path.join(FOLDER, 'n8n.log'), echo: showN8nLine });
	server.once('exit', (code, signal) => {
		if (stopping) return;
		say(`n8n stopped by itself (${signal ?? `exit ${code}`}); see ${path.join(FOLDER, 'n8n.log')}`);
		stop(1);
	});
	const baseUrl = `http://127.0.0.1:${PORT}`;
	await n8n.waitReady(baseUrl, server, { logFile: path.join(FOLDER, 'n8n.log') });
	await n8n.waitWebhook(baseUrl, WEBHOOK_PATH, server);
	const owner = await n8n.ensureOwner(baseUrl, OWNER);

	const rule = '─'.repeat(78);
	const lines = [
		'',
		rule,
		`  n8n is running with ${PACKAGE_NAME}   (ready in ${formatSeconds(Date.now() - started)})`,
		'',
		`  Open      ${baseUrl}`,
		`  Log in    ${OWNER.email}  /  ${OWNER.password}${owner === 'existing' ? '   (owner from an earlier start)' : ''}`,
		'',
		'  Demo workflows (Overview, or these links):',
		...workflows.map((workflow) => `    ${workflow.name.padEnd(58)} ${baseUrl}/workflow/${workflow.id}`),
		'',
		`  Webhook   curl "${baseUrl}/webhook/${WEBHOOK_PATH}?orderId=ORD-2024-000123"`,
		`  Demo API  ${demoApi.baseUrl}  (X-API-Key: ${DEMO_API_KEY}; data: ${path.relative(process.cwd(), demoApi.dataFile)})`,
		`  Hub       ${hub.url}/api/v1  (credential "Connector Hub (local)"; OpenAPI: ${hub.url}/api/v1/openapi.json)`,
		`            read token   ${hub.tokens.read}`,
		`            admin token  ${hub.tokens.admin}`,
		`            curl -H "Authorization: Bearer ${hub.tokens.admin}" ${hub.url}/api/v1/connectors`,
		`  Studio    ${hub.url}/  (Connector Studio: build and test connectors in the browser; sign in with the admin token)`,
		'',
		'  Ctrl-C stops n8n, the hub and the demo API.',
		rule,
		'',
	];
	console.log(lines.join('\n'));
}

main().catch(async (error) => {
	console.error(`[npm start] ${error instanceof Error ? error.message : error}`);
	await stop(1);
});
