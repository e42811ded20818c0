/**
 * No secret in anything n8n keeps (issue #12 point 6), in the real n8n: workflows whose APIs echo
 * the credentials they received (e2e/lib/echo.js) into response headers and bodies ("Include
 * Response Status and Headers") and into error messages (error items and a failed workflow), with
 * OAuth2 tokens fetched, refetched after expiry (401) and refreshed with a refresh token (403).
 * At the end of the suite every secret the e2e used (credentials of every workflow, every token the
 * OAuth2 servers issued) is searched for in every form (e2e/lib/scanner.js) in
 *   - the output of every `n8n execute` run and the n8n server's output (<folder>/logs/),
 *   - n8n's log file (N8N_LOG_OUTPUT=console,file: <folder>/.n8n/logs/),
 *   - n8n's SQLite database: the files as bytes (-wal and -shm included) and every row of every
 *     table read through n8n's own sqlite3 module (execution data is JSON text in rows that may span
 *     overflow pages, where a byte search alone could miss a secret split across pages).
 * The scanner is first shown to fail on a planted file.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { test, section, assert } = require('./harness');
const { echoedAuthorizations } = require('./echo');
const { Scanner, filesUnder, credentialSecrets, tokenSecrets } = require('./scanner');

const CONTINUE = { onError: 'continueRegularOutput' };
const FULL = { fullResponse: true };
const MASK = '******';

/** The echo credentials: own secrets with characters that URL encoding changes. */
function echoCredentials(kit, { rest, oauth, oauth403 }) {
	return {
		basic: kit.credential('e2eEchoBasic0001', 'E2E Echo Basic', 'dataConnectorBasicAuthApi', { username: 'echo-user', password: 'echo-pass+7Q/', baseUrl: `${rest.url}/echo` }),
		bearer: kit.credential('e2eEchoBearer001', 'E2E Echo Bearer', 'dataConnectorBearerTokenApi', { token: 'echo-bearer-5R/+=', baseUrl: `${rest.url}/echo` }),
		apiKey: kit.credential('e2eEchoApiKey001', 'E2E Echo API Key', 'dataConnectorApiKeyApi', {
			apiKey: 'echo-key/3K+=',
			keyLocation: '',
			keyName: '',
			baseUrl: `${rest.url}/echo`,
			allowUnauthorizedCerts: false,
		}),
		clientCredentials: kit.credential('e2eEchoCc0000001', 'E2E Echo Client Credentials', 'dataConnectorClientCredentialsOAuth2Api', {
			clientId: 'shipping-client',
			clientSecret: 'shipping-secret',
			tokenUrl: oauth.tokenUrl,
			scope: '',
			clientAuthentication: '',
			baseUrl: `${oauth.url}/echo-shipping`,
		}),
		password: kit.credential('e2eEchoPwd000001', 'E2E Echo Password Grant (403, refresh tokens)', 'dataConnectorPasswordGrantOAuth2Api', {
			username: 'wms.user',
			password: 'wms-password',
			clientId: 'wms-client',
			clientSecret: 'wms-secret',
			tokenUrl: '',
			scope: '',
			clientAuthentication: '',
			baseUrl: `${oauth403.url}/echo-wms`,
		}),
	};
}

/** [label, connector, endpoint, input, ok value, failing value, authentication, credential key] */
const ECHOES = [
	['Basic', 'e2eHelpdeskBasic', 'getTicket', 'ticketId', 'T-1001', 'FAIL-1', 'basic', 'basic'],
	['Bearer', 'e2eContactsBearer', 'listContacts', 'company', 'Haddad', 'FAIL', 'bearer', 'bearer'],
	['API Key Header', 'e2eTicketsApiKeyHeader', 'listTickets', 'status', 'open', 'closed', 'apiKey', 'apiKey'],
	['API Key Query', 'e2eTicketsApiKeyQuery', 'getTicket', 'ticketId', 'T-1003', 'FAIL-3', 'apiKey', 'apiKey'],
	['API Key Cookie', 'e2eProductsApiKeyCookie', 'listProducts', 'category', 'tools', 'FAIL', 'apiKey', 'apiKey'],
	['Client Credentials', 'shippingPartner', 'trackShipment', 'trackingNumber', 'SH-ECHO-1', 'FAIL-ECHO-1', undefined, 'clientCredentials'],
	['Password Grant', 'e2eWarehouseExpired403', 'getStock', 'sku', 'SKU-ECHO', 'FAIL-SKU', 'oauth2PasswordGrant', 'password'],
];

function echoWorkflows({ kit, trigger, registryFields, creds, hub }) {
	const node = ([, connector, endpoint, input, , , authentication, credential], name, value, extra) =>
		kit.dataConnector(name, {
			connector,
			endpoint,
			inputs: { [input]: value },
			credential: creds[credential],
			// The e2e connectors are served by the Connector Hub.
			...(connector.startsWith('e2e') ? { hub } : {}),
			authentication,
			fields: connector.startsWith('e2e') ? registryFields(connector, endpoint) : undefined,
			options: FULL,
			extra,
		});
	const nodes = ECHOES.flatMap((echo) => [node(echo, `${echo[0]} Echo`, echo[4], CONTINUE), node(echo, `${echo[0]} Echo Fail`, echo[5], CONTINUE)]);
	const password = ECHOES.find(([label]) => label === 'Password Grant');
	return {
		echo: kit.workflow({
			id: 'e2eSecretEcho001',
			name: 'E2E: APIs that echo the credentials (headers, bodies, errors)',
			nodes: [kit.manualTrigger(), ...nodes],
			links: nodes.map(({ name }) => [trigger, name]),
		}),
		// No "continue": the error goes to n8n as the node's and the workflow's error.
		fail: kit.workflow({
			id: 'e2eSecretEchoErr',
			name: 'E2E: an echoed credential in an error that fails the workflow',
			nodes: [kit.manualTrigger(), node(password, 'Password Grant Echo Error', password[5])],
			links: [[trigger, 'Password Grant Echo Error']],
		}),
	};
}

function secretScanCase({ kit, trigger, registryFields, rest, oauth, oauth403, hub }) {
	const creds = echoCredentials(kit, { rest, oauth, oauth403 });
	const workflows = echoWorkflows({ kit, trigger, registryFields, creds, hub });
	const granted = (server, grant) => server.tokenRequests.filter((request) => request.grant === grant && request.ok).length;

	async function afterCredentials({ run }) {
		section('Secrets: APIs that echo the credentials they received');
		// Runs inside tests: a failure here is reported and the later sections still run.
		let first, second, failure;
		const before = {};
		await test('echoed credentials reach the output only masked: headers and bodies (Include Response Status and Headers) and error items', async () => {
			first = await run(workflows.echo, 'success');
			for (const [label] of ECHOES) {
				const [ok] = first.json(`${label} Echo`);
				assert.equal(ok.status, 200, `${label} Echo: ${JSON.stringify(ok)}`);
				assert.ok(JSON.stringify(ok.headers).includes(MASK), `${label} Echo: no masked value in the echoed headers ${JSON.stringify(ok.headers)}`);
				assert.ok(JSON.stringify(ok.body).includes(MASK), `${label} Echo: no masked value in the echoed body`);
				const [failed] = first.json(`${label} Echo Fail`);
				assert.ok(failed.error, `${label} Echo Fail: no error item`);
				assert.ok(JSON.stringify(failed).includes(MASK), `${label} Echo Fail: the error item shows no masked value ${JSON.stringify(failed).slice(0, 400)}`);
			}
		});
		await test('after expiry: a new client-credentials token and refresh-token grants, and the new tokens were echoed', async () => {
			Object.assign(before, { cc: granted(oauth, 'client_credentials'), refresh: granted(oauth403, 'refresh_token') });
			oauth.expireAll();
			oauth403.expireAll();
			second = await run(workflows.echo, 'success');
			oauth403.expireAll();
			failure = await run(workflows.fail, 'failure');
			assert.equal(second.json('Client Credentials Echo')[0].status, 200);
			assert.equal(second.json('Password Grant Echo')[0].status, 200);
			assert.ok(granted(oauth, 'client_credentials') > before.cc, 'no new client-credentials token after expiry');
			assert.ok(granted(oauth403, 'refresh_token') >= before.refresh + 2, 'no refresh-token grant after expiry (echo run and failing run)');
			const latest = (server) => server.issuedTokens.at(-1).accessToken;
			assert.ok(echoedAuthorizations.includes(`Bearer ${latest(oauth)}`), 'the refetched client-credentials token was not echoed');
			assert.ok(echoedAuthorizations.includes(`Bearer ${latest(oauth403)}`), 'the refreshed password-grant token was not echoed');
		});
		await test('a failed workflow: the echoed token is masked in the error n8n stores', async () => {
			assert.ok(failure, 'the failing workflow did not run');
			const error = failure.run('Password Grant Echo Error').error;
			assert.ok(error, 'the node has no error');
			assert.ok(JSON.stringify(error).includes(MASK) || JSON.stringify(failure.error).includes(MASK), `no masked value in the error: ${JSON.stringify(error).slice(0, 400)}`);
		});
	}

	/** The scanner finds a planted secret in every form it looks for, and names it by label only. */
	async function scannerSelfTest() {
		const planted = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-planted-'));
		try {
			const file = path.join(planted, 'planted.log');
			const token = oauth.issuedTokens.at(-1).accessToken;
			const basic = Buffer.from('echo-user:echo-pass+7Q/').toString('base64');
			fs.writeFileSync(file, `Authorization: Basic ${basic}\nurl=/x?api_key=${encodeURIComponent('echo-key/3K+=')}\n{"auth":"Bearer ${token}"}\n`);
			const scanner = new Scanner([...credentialSecrets(Object.values(creds)), ...tokenSecrets('OAuth2 server', oauth)]);
			scanner.file(file, 'planted');
			const report = scanner.report(planted);
			const expected = [
				`planted.log [planted]: "E2E Echo Basic" username:password as Basic <base64(user:secret)> (1x)`,
				`planted.log [planted]: "E2E Echo API Key" apiKey as URL-encoded (1x)`,
				`planted.log [planted]: OAuth2 server access token #${oauth.issuedTokens.length} as Bearer <token> (1x)`,
			];
			for (const line of expected) assert.ok(report.includes(line), `the scanner missed: ${line}\nit reported:\n${report.join('\n')}`);
			for (const secret of ['echo-pass+7Q/', 'echo-key/3K+=', token, basic]) assert.ok(!report.join('\n').includes(secret), 'the report shows a secret');
		} finally {
			fs.rmSync(planted, { recursive: true, force: true });
		}
	}

	/** Every row of n8n's database, read from a copy (n8n may still be writing) by n8n's sqlite3. */
	function databaseRows(runtime, n8nFolder) {
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-db-'));
		try {
			for (const name of fs.readdirSync(n8nFolder).filter((file) => file.startsWith('database.sqlite'))) fs.copyFileSync(path.join(n8nFolder, name), path.join(copy, name));
			const result = spawnSync(runtime.node, [path.join(__dirname, 'sqlite-dump.js'), runtime.n8nDir, path.join(copy, 'database.sqlite')], {
				encoding: 'utf8',
				maxBuffer: 1 << 30,
			});
			assert.equal(result.status, 0, `reading n8n's database failed: ${result.stderr}`);
			return result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
		} finally {
			fs.rmSync(copy, { recursive: true, force: true });
		}
	}

	async function atEnd({ runtime, folder, LOGS, credentials }) {
		section('Secrets: nothing n8n keeps holds a secret in any form');
		await test('the scanner itself finds planted secrets (Basic, URL-encoded, Bearer) and reports labels, not values', scannerSelfTest);
		await test('no secret of any credential or issued OAuth2 token in run outputs, n8n logs or n8n\'s database', async () => {
			const secrets = [...credentialSecrets(credentials), ...tokenSecrets('OAuth2 server', oauth), ...tokenSecrets('OAuth2 server (403)', oauth403)];
			const scanner = new Scanner(secrets);
			const n8nFolder = path.join(folder, '.n8n');
			const runOutputs = filesUnder(LOGS, /-\d+\.log$/);
			const logs = [...filesUnder(LOGS).filter((file) => !runOutputs.includes(file)), ...filesUnder(path.join(n8nFolder, 'logs'))];
			const dbFiles = fs.readdirSync(n8nFolder).filter((name) => name.startsWith('database.sqlite')).map((name) => path.join(n8nFolder, name));
			assert.ok(runOutputs.length >= 20, `only ${runOutputs.length} run outputs found in ${LOGS}`);
			assert.ok(logs.some((file) => file.startsWith(path.join(n8nFolder, 'logs'))), 'n8n wrote no log file');
			assert.ok(dbFiles.length > 0, 'no database file');
			for (const file of runOutputs) scanner.file(file, 'n8n execute output');
			for (const file of logs) scanner.file(file, 'log file');
			for (const file of dbFiles) scanner.file(file, 'database file (bytes)');
			// Binary data n8n keeps on disk (the downloaded file, in filesystem mode).
			for (const file of [...filesUnder(path.join(n8nFolder, 'storage')), ...filesUnder(path.join(n8nFolder, 'binaryData'))]) scanner.file(file, 'n8n storage');
			const rows = databaseRows(runtime, n8nFolder);
			for (const row of rows) scanner.text(`${row.table} row ${row.row}`, 'database row', row.text);
			const executionRows = rows.filter((row) => row.table === 'execution_data');
			assert.ok(executionRows.length >= 20, `only ${executionRows.length} execution_data rows`);
			assert.ok(executionRows.some((row) => row.text.includes('Password Grant Echo Error')), 'the failed echo execution is not in the database');
			console.log(`    scanned: ${scanner.summary()}; tables: ${[...new Set(rows.map((row) => row.table))].length}, execution_data rows: ${executionRows.length}`);
			const report = scanner.report(folder);
			assert.equal(report.length, 0, `secrets found:\n${report.join('\n')}`);
		});
	}

	return { credentials: Object.values(creds), workflows: Object.values(workflows), afterCredentials, atEnd };
}

module.exports = { secretScanCase };
