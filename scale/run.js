/* global fetch, AbortSignal, URL */
/**
 * `npm run test:scale`: this package on n8n's own distributed engine. Everything runs on 127.0.0.1
 * and is started and stopped here:
 *
 *   PostgreSQL   a private cluster (hub/test/postgres-cluster.ts): n8n's database and the hubs' store
 *   Redis        redis-server, n8n's execution queue
 *   n8n 2.41.1   a main and 2 workers in queue mode (scale/lib/queue.js), the package in each user folder
 *   hubs         2 Connector Hubs on the PostgreSQL store, behind a round-robin balancer
 *   APIs         json-server tickets (API key), the OAuth2 server with a numbered tracking route,
 *                an event feed with a sink (scale/lib/feed.js)
 *
 * Then 200 webhook executions (scale/lib/workflows.js) with events added for the polling trigger
 * meanwhile, a connector edit and a draft in the hub, and checks printed as PASS / FAIL lines and a
 * summary; exit code 1 when a check fails. Logs in .n8n-scale/logs/. SCALE_SKIP_BUILD=1 (or
 * E2E_SKIP_BUILD=1) skips `npm run build`; SCALE_EXECUTIONS changes the 200.
 */
const fs = require('fs');
const path = require('path');
const { Client } = require('pg');
const { ensureRuntime, formatSeconds } = require('../scripts/n8n/runtime');
const { buildPackage, PROJECT } = require('../scripts/n8n/package');
const n8n = require('../scripts/n8n/n8n');
const { startHub, newTokens } = require('../scripts/n8n/hub');
const { startOAuthServer } = require('../e2e/lib/oauth-server');
const { startRestServer } = require('../e2e/lib/rest-server');
const { startPostgres } = require('../hub/test/postgres-cluster');
const { startRedis, startBalancer } = require('./lib/services');
const { startFeed } = require('./lib/feed');
const { prepareCluster } = require('./lib/queue');
const { hubConnectors, credentialsFor, workflowsFor, WEBHOOK_PATH, TICKETS, IDS, RATE } = require('./lib/workflows');
const { checkExecutions, checkTokens, checkPoll, checkRate } = require('./lib/checks');

const FOLDER = path.join(PROJECT, '.n8n-scale');
const EXECUTIONS = Number(process.env.SCALE_EXECUTIONS) || 200;
const CLIENT_CONCURRENCY = 10;
/** Executions of each rate-limited workflow (ten requests each). */
const RATE_EXECUTIONS = 30;
/** Hang guard for one webhook round trip (a loaded 2-core machine is slow, never this slow). */
const REQUEST_TIMEOUT_MS = 600_000;

const started = Date.now();
const cleanups = [];
const results = [];
const log = (line) => console.log(line);

function check(name, ok, detail = '') {
	results.push({ name, ok });
	log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
}

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
		log(`\n${signal}: stopping`);
		n8n.killAll('SIGKILL');
		cleanup().then(() => process.exit(130));
	});
}
n8n.watchParent(() => {
	n8n.killAll('SIGKILL');
	cleanup().then(() => process.exit(130));
});

/** One webhook call: the reply's items ({ n, ticket, ..., worker }). */
async function call(baseUrl, n, webhookPath = WEBHOOK_PATH) {
	const response = await fetch(`${baseUrl}/webhook/${webhookPath}?n=${n}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
	const text = await response.text();
	if (response.status !== 200) return { n, status: response.status, error: text.slice(0, 300), items: [] };
	const body = JSON.parse(text);
	return { n, status: 200, items: Array.isArray(body) ? body : [body] };
}

/** Calls each of `numbers` with `concurrency` in flight. */
async function callMany(baseUrl, numbers, concurrency, webhookPath = WEBHOOK_PATH) {
	const answers = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < numbers.length) {
				const n = numbers[next++];
				answers.push(await call(baseUrl, n, webhookPath).catch((error) => ({ n, status: 0, error: error.message, items: [] })));
			}
		}),
	);
	return answers.sort((a, b) => a.n - b.n);
}

/** Calls in small parallel batches until every worker has answered at least once (or `maxCalls`). */
async function callUntilEveryWorker(baseUrl, workers, firstN, { batch = 4, maxCalls = 60 } = {}) {
	const answers = [];
	let n = firstN;
	while (answers.length < maxCalls) {
		const numbers = Array.from({ length: batch }, () => n++);
		answers.push(...(await callMany(baseUrl, numbers, batch)));
		const seen = new Set(answers.flatMap((answer) => answer.items.map((item) => item.worker)));
		if (workers.every((worker) => seen.has(worker))) break;
	}
	return answers;
}

async function main() {
	log(`test:scale: n8n queue mode (main + 2 workers), PostgreSQL, Redis, 2 hubs; ${EXECUTIONS} webhook executions`);
	if (process.env.SCALE_SKIP_BUILD !== '1' && process.env.E2E_SKIP_BUILD !== '1') buildPackage({ quiet: true });
	const runtime = await ensureRuntime();
	fs.rmSync(FOLDER, { recursive: true, force: true });
	fs.mkdirSync(path.join(FOLDER, 'logs'), { recursive: true });
	const logFile = (name) => path.join(FOLDER, 'logs', name);

	const postgres = await startPostgres();
	cleanups.push(() => postgres.stop());
	const n8nDatabase = await postgres.createDatabase('n8n');
	const hubDatabase = await postgres.createDatabase('hub');
	const redis = await startRedis();
	cleanups.push(() => redis.stop());
	log(`services: PostgreSQL on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);

	const rest = await startRestServer({ folder: fs.mkdtempSync(path.join(FOLDER, 'rest-')) });
	cleanups.push(() => rest.close());
	const oauth = await startOAuthServer();
	cleanups.push(() => oauth.close());
	const feed = await startFeed();
	cleanups.push(() => feed.close());

	const tokens = newTokens();
	const hubs = [];
	for (const name of ['hub1', 'hub2']) {
		const hub = await startHub({ postgres: hubDatabase, tokens, logFile: logFile(`${name}.log`) });
		cleanups.push(() => hub.stop());
		hubs.push(hub);
	}
	const balancer = await startBalancer(hubs.map((hub) => hub.url));
	cleanups.push(() => balancer.close());
	const connectors = hubConnectors({ restUrl: rest.url, feedUrl: feed.url });
	for (const connector of connectors) {
		const created = await hubs[0].request('POST', '/connectors', connector);
		if (created.status !== 201) throw new Error(`the hub refused ${connector.key}: ${JSON.stringify(created.body)}`);
	}
	const seenOnSecond = await hubs[1].request('GET', `/connectors/${TICKETS}`);
	check('a connector created on hub 1 is served by hub 2 (one PostgreSQL store)', seenOnSecond.status === 200, `HTTP ${seenOnSecond.status}`);

	const creds = credentialsFor({ hubUrl: balancer.url, hubToken: tokens.read, oauth, feed });
	const workflows = workflowsFor(creds, connectors);
	const cluster = await prepareCluster(runtime, {
		folder: FOLDER,
		postgres: { port: postgres.port, database: 'n8n', user: new URL(n8nDatabase).username },
		redis,
	});
	cleanups.push(() => cluster.stop());
	await n8n.importAll(runtime, cluster.main.env, path.join(FOLDER, 'main'), {
		credentials: Object.values(creds),
		workflows: Object.values(workflows),
		publish: Object.values(IDS),
	});
	const startedAt = Date.now();
	await cluster.start();
	await n8n.waitWebhook(cluster.baseUrl, WEBHOOK_PATH, cluster.main.child);
	log(`n8n main and ${cluster.workers.length} workers ready in ${formatSeconds(Date.now() - startedAt)}`);
	const workerNames = cluster.workers.map((worker) => worker.name);

	// 1. The load, with events for the polling trigger added meanwhile (its executions then run on
	// workers that are busy with webhook executions).
	const loadStarted = Date.now();
	let feeding = true;
	const feeder = (async () => {
		// Three events every 8 s while the load runs, and at least four rounds (a hang guard of 40).
		for (let round = 1; round <= 40; round++) {
			feed.add(3);
			await n8n.sleep(8000);
			if (!feeding && round >= 4) break;
		}
	})();
	const answers = await callMany(
		cluster.baseUrl,
		Array.from({ length: EXECUTIONS }, (_, index) => index + 1),
		CLIENT_CONCURRENCY,
	);
	const loadMs = Date.now() - loadStarted;
	feeding = false;
	const database = new Client({ connectionString: n8nDatabase });
	await database.connect();
	cleanups.push(() => database.end());
	const tokenRequestsAfterLoad = oauth.tokenRequests.length;
	const executionFacts = await checkExecutions({ check, answers, database, workflowId: IDS.webhook, workerNames, rest, oauth, executions: EXECUTIONS });
	const tokenFacts = checkTokens({ check, answers, oauth, tokenRequests: tokenRequestsAfterLoad, workerNames, loadMs, lifetimeSeconds: 3600 });

	// 2. Rate limits: ten requests per execution to a connector limited to RATE per second, per
	// execution (local) and shared by every worker through the hub.
	const rateFacts = {};
	for (const mode of ['local', 'shared']) {
		const rateAnswers = await callMany(cluster.baseUrl, Array.from({ length: RATE_EXECUTIONS }, (_, index) => index + 1), CLIENT_CONCURRENCY, `scale-limited-${mode}`);
		const failed = rateAnswers.filter((answer) => answer.status !== 200);
		if (failed.length) check(`the ${mode} rate-limited executions succeeded`, false, `${failed.length} failed, first: ${JSON.stringify(failed[0]).slice(0, 300)}`);
		rateFacts[mode] = checkRate({ check, feed, mode, rate: RATE, executions: RATE_EXECUTIONS, workerNames });
	}

	// 3. A connector edited in the hub: every worker's next execution runs the new version (each
	// execution revalidates its cached copy by ETag), then a draft is refused on every worker.
	const current = await hubs[0].request('GET', `/connectors/${TICKETS}`);
	const edit = { endpoints: [{ key: 'listTickets', query: [{ key: 'status', value: 'closed' }] }] };
	const edited = await hubs[0].request('PUT', `/connectors/${TICKETS}`, edit, { 'If-Match': current.headers.get('etag') });
	if (edited.status !== 200) throw new Error(`the edit was refused: ${JSON.stringify(edited.body)}`);
	const afterEdit = await callUntilEveryWorker(cluster.baseUrl, workerNames, 10_001);
	const editItems = afterEdit.flatMap((answer) => answer.items);
	const editWorkers = [...new Set(editItems.map((item) => item.worker))].sort();
	check(
		'after an edit on hub 1, every worker\'s next execution runs the edited connector (served by both hubs)',
		afterEdit.every((answer) => answer.status === 200 && answer.items.length === 1 && answer.items[0].ticket === 'T-1002' && answer.items[0].ticketStatus === 'closed') &&
			workerNames.every((worker) => editWorkers.includes(worker)),
		`${afterEdit.length} executions on ${editWorkers.join(', ')}: tickets ${[...new Set(editItems.map((item) => item.ticket))].join(', ')}`,
	);
	const drafted = await hubs[1].request('PUT', `/connectors/${TICKETS}/status?force=true`, { status: 'draft' });
	if (drafted.status !== 200) throw new Error(`setting the draft was refused: ${JSON.stringify(drafted.body)}`);
	const afterDraft = await callUntilEveryWorker(cluster.baseUrl, workerNames, 20_001);
	const draftItems = afterDraft.flatMap((answer) => answer.items);
	const draftWorkers = [...new Set(draftItems.map((item) => item.worker))].sort();
	check(
		'a draft set on hub 2 is refused in every worker\'s next production execution',
		afterDraft.every((answer) => answer.status === 200 && answer.items.length === 1 && /is a draft and does not run in production executions/.test(answer.items[0].error ?? '')) &&
			workerNames.every((worker) => draftWorkers.includes(worker)),
		`${afterDraft.length} executions on ${draftWorkers.join(', ')}: ${[...new Set(draftItems.map((item) => (item.error ? 'refused as a draft' : `ran (${item.ticket})`)))].join(', ')}`,
	);

	// 4. The polling trigger: every event reported (a hang guard of 10 minutes), then two more polls
	// that must not repeat any.
	await feeder;
	const everyEventReported = async () => {
		for (const deadline = Date.now() + 600_000; Date.now() < deadline; ) {
			const reported = new Set(feed.received.map((report) => report.eventId));
			if (feed.events.every((event) => reported.has(event.id))) return;
			await n8n.sleep(1000);
		}
	};
	await everyEventReported();
	// On an idle machine the worker that asks the queue first may take every poll execution. Then
	// the workers that ran them are stopped and three more events added: those can only run on the
	// others, which must go on from the dedupe state the first left in the database.
	const reporters = new Set(feed.received.map((report) => report.worker));
	if (reporters.size > 0 && workerNames.some((worker) => !reporters.has(worker))) {
		for (const worker of cluster.workers.filter((item) => reporters.has(item.name))) {
			log(`  every trigger execution ran on ${worker.name}: stopping it so that the next ones run on the other worker`);
			await cluster.stopWorker(worker);
		}
		feed.add(3);
		await everyEventReported();
	}
	await n8n.sleep(25_000);
	const pollFacts = await checkPoll({ check, feed, database, workflowId: IDS.poll, workerNames, mainLog: cluster.log(cluster.main) });

	const hubServed = balancer.served.map((count, index) => `hub${index + 1} ${count}`).join(', ');
	log('');
	log('Summary');
	log(`  executions     ${executionFacts.summary}`);
	log(`  per worker     ${executionFacts.perWorker}`);
	log(`  OAuth2 tokens  ${tokenFacts.summary}`);
	log(`  hub requests   ${hubServed} (through the balancer)`);
	log(`  poll trigger   ${pollFacts.summary}`);
	log(`  rate ${RATE}/s     per execution: ${rateFacts.local.summary}`);
	log(`                 shared (hub):  ${rateFacts.shared.summary}`);
	log(`  load           ${EXECUTIONS} webhook executions in ${formatSeconds(loadMs)} with ${CLIENT_CONCURRENCY} in flight`);
}

main()
	.catch((error) => {
		check('the scale test ran to the end', false, error instanceof Error ? (error.stack ?? error.message) : String(error));
	})
	.finally(async () => {
		await cleanup();
		n8n.killAll('SIGKILL');
		const failed = results.filter((result) => !result.ok);
		log('');
		log(`${results.length - failed.length} passed, ${failed.length} failed (${formatSeconds(Date.now() - started)}); logs in ${path.relative(PROJECT, FOLDER)}/logs/`);
		process.exit(failed.length ? 1 : 0);
	});
