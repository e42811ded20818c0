/**
 * A real REST API on 127.0.0.1 for the end-to-end tests: json-server 0.17.4 (tickets and contacts,
 * CRUD, filters) on a copy of e2e/fixtures/rest-db.json, behind an auth middleware that rejects
 * wrong credentials with 401. The same data under four mount points, one per way to authenticate:
 *
 *   /basic/...          Authorization: Basic e2e-user:e2e-pass
 *   /bearer/...         Authorization: Bearer e2e-token
 *   /apikey-header/...  X-API-Key: e2e-key
 *   /apikey-query/...   ?api_key=e2e-key (removed before json-server sees the query)
 *   /apikey-cookie/...  Cookie: e2e_key=e2e-key (among other cookies)
 *   /echo/...           no check: repeats the credentials it received (e2e/lib/echo.js)
 *
 * json-server pages with `_page` and `_limit` and says the total in `X-Total-Count`.
 * `requests` lists every request with the scheme, whether it was accepted, the status, the query
 * and the Cookie header.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const jsonServer = require('json-server');
const { echoReceived } = require('./echo');

const DB_FIXTURE = path.join(__dirname, '..', 'fixtures', 'rest-db.json');

const SECRETS = {
	basic: { username: 'e2e-user', password: 'e2e-pass' },
	bearer: { token: 'e2e-token' },
	apiKey: { apiKey: 'e2e-key' },
};

function checks(req, scheme) {
	const authorization = req.headers.authorization ?? '';
	switch (scheme) {
		case 'basic': {
			const expected = Buffer.from(`${SECRETS.basic.username}:${SECRETS.basic.password}`).toString('base64');
			return authorization === `Basic ${expected}`;
		}
		case 'bearer':
			return authorization === `Bearer ${SECRETS.bearer.token}`;
		case 'apikey-header':
			return req.headers['x-api-key'] === SECRETS.apiKey.apiKey;
		case 'apikey-query': {
			const ok = req.query.api_key === SECRETS.apiKey.apiKey;
			delete req.query.api_key;
			return ok;
		}
		case 'apikey-cookie':
			return (req.headers.cookie ?? '').split(';').some((pair) => pair.trim() === `e2e_key=${SECRETS.apiKey.apiKey}`);
		default:
			return false;
	}
}

function startRestServer({ port = 0, folder = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-json-server-')) } = {}) {
	// json-server rewrites its db file on every write: it runs on a copy.
	const dbFile = path.join(folder, 'db.json');
	fs.copyFileSync(DB_FIXTURE, dbFile);
	const app = jsonServer.create();
	const router = jsonServer.router(dbFile);
	const requests = [];
	app.use(jsonServer.defaults({ logger: false, noCors: true }));
	for (const scheme of ['basic', 'bearer', 'apikey-header', 'apikey-query', 'apikey-cookie']) {
		app.use(
			`/${scheme}`,
			(req, res, next) => {
				const seen = { query: { ...req.query }, cookie: req.headers.cookie };
				const record = { scheme, method: req.method, path: req.path, ...seen, accepted: checks(req, scheme) };
				requests.push(record);
				res.on('finish', () => (record.status = res.statusCode));
				if (!record.accepted) return res.status(401).set('WWW-Authenticate', scheme === 'basic' ? 'Basic realm="e2e"' : 'Bearer').json({ error: 'unauthorized' });
				// CRM Contacts' List Contacts (its poll trigger) pages with page/pageSize, which json-server
				// would read as filters: answered here as the CRM does, { results } of one page.
				if (req.method === 'GET' && req.path === '/contacts' && req.query.pageSize !== undefined) {
					const contacts = JSON.parse(fs.readFileSync(dbFile, 'utf8')).contacts;
					const page = Number(req.query.page) || 1;
					const size = Number(req.query.pageSize) || 100;
					const results = contacts.slice((page - 1) * size, page * size).map((contact, index) => ({ ...contact, updatedAt: `2024-11-${String(index + 1).padStart(2, '0')}T08:00:00Z` }));
					return res.json({ results, page, pageSize: size, total: contacts.length });
				}
				return next();
			},
			router,
		);
	}
	app.use('/echo', echoReceived);
	return new Promise((resolve, reject) => {
		const server = app.listen(port, '127.0.0.1', () => {
			const url = `http://127.0.0.1:${server.address().port}`;
			resolve({
				url,
				dbFile,
				requests,
				db: () => JSON.parse(fs.readFileSync(dbFile, 'utf8')),
				close: () =>
					new Promise((done) => {
						server.closeAllConnections?.();
						server.close(() => done());
					}),
			});
		});
		server.once('error', reject);
	});
}

module.exports = { startRestServer, SECRETS };
