/**
 * A real OAuth2 authorization server and a protected API on 127.0.0.1, for the end-to-end tests:
 * @node-oauth/oauth2-server 5.x behind express. It checks the client (ID and secret, Basic header or
 * form fields), the user (password grant), the requested scope against what the client and user may
 * have, and on every API call the access token and its scope. The token endpoint accepts
 * form-encoded bodies only.
 *
 *   POST /oauth/token                          password and client_credentials grants
 *   GET  /shipping/shipments/:number/tracking?lang=  needs scope shipments:read (Shipping Partner's path)
 *   GET  /shipping/shipments                 the same scope: two shipments, no next cursor (List Shipments)
 *   GET  /wms/stock/:sku                       needs scope inventory:read
 *   GET  /numbered-shipping/shipments/:number/tracking  as /shipping/..., plus `tokenNumber`: which
 *                                              issued token (1, 2, ...) the call carried (test:scale
 *                                              tells which n8n worker used which token)
 *   GET  /echo-shipping/..., /echo-wms/...     the same scopes, then the received credentials
 *                                              repeated (e2e/lib/echo.js)
 *
 * Tests read `tokenRequests`, `apiRequests` and `issuedTokens` (every access and refresh token
 * handed out, for the secret scan), and call `expireAll()` to make every issued token
 * expire, as if its lifetime had run out.
 *
 * Options to behave like django-oauth-toolkit, a widely deployed server:
 *   expiredStatus: 403, emptyExpiredBody: true   an expired or unknown token gets 403 and no body
 *   refreshTokens: true                          the password grant also issues a refresh token; the
 *                                                refresh_token grant (RFC 6749 section 6) revokes the
 *                                                old access and refresh tokens; `revokeRefreshTokens()`
 */
const express = require('express');
const OAuth2Server = require('@node-oauth/oauth2-server');
const { echoReceived } = require('./echo');

const { Request, Response } = OAuth2Server;

const CLIENTS = [
	{ id: 'shipping-client', secret: 'shipping-secret', grants: ['client_credentials'], scopes: ['shipments:read', 'shipments:write'] },
	{ id: 'wms-client', secret: 'wms-secret', grants: ['password'], scopes: ['inventory:read', 'inventory:write'] },
];
const USERS = [{ username: 'wms.user', password: 'wms-password', scopes: ['inventory:read'] }];

function startOAuthServer({ port = 0, accessTokenLifetime = 3600, expiredStatus = 401, emptyExpiredBody = false, refreshTokens = false } = {}) {
	const tokens = new Map();
	const refreshes = new Map();
	const clients = CLIENTS.map((client) =>
		refreshTokens && client.grants.includes('password') ? { ...client, grants: [...client.grants, 'refresh_token'] } : client,
	);
	const tokenRequests = [];
	const apiRequests = [];
	const issuedTokens = [];
	let issued = 0;

	const model = {
		async getClient(clientId, clientSecret) {
			const client = clients.find((candidate) => candidate.id === clientId);
			if (!client || clientSecret !== client.secret) return false;
			return { id: client.id, grants: client.grants, scopes: client.scopes };
		},
		async getUser(username, password) {
			const user = USERS.find((candidate) => candidate.username === username && candidate.password === password);
			return user ? { id: user.username, scopes: user.scopes } : false;
		},
		async getUserFromClient(client) {
			return { id: `client:${client.id}`, scopes: client.scopes };
		},
		async validateScope(user, client, scope) {
			const requested = scope ?? [];
			if (!requested.length) return false;
			const allowed = requested.every((item) => client.scopes.includes(item) && user.scopes.includes(item));
			return allowed ? requested : false;
		},
		async saveToken(token, client, user) {
			issued++;
			issuedTokens.push({ accessToken: token.accessToken, ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}) });
			const saved = { ...token, client, user };
			tokens.set(token.accessToken, saved);
			if (token.refreshToken) refreshes.set(token.refreshToken, saved);
			return saved;
		},
		async getRefreshToken(refreshToken) {
			return refreshes.get(refreshToken) ?? false;
		},
		async revokeToken(token) {
			const known = refreshes.get(token.refreshToken);
			if (!known) return false;
			refreshes.delete(token.refreshToken);
			tokens.delete(known.accessToken);
			return true;
		},
		async getAccessToken(accessToken) {
			return tokens.get(accessToken) ?? false;
		},
		async verifyScope(token, required) {
			return (required ?? []).every((item) => (token.scope ?? []).includes(item));
		},
		async generateAccessToken() {
			return `at-${issued + 1}-${Math.random().toString(36).slice(2, 12)}`;
		},
	};

	const oauth = new OAuth2Server({ model, accessTokenLifetime, allowBearerTokensInQueryString: false, requireClientAuthentication: { password: true } });
	const app = express();

	app.post('/oauth/token', express.urlencoded({ extended: false }), async (req, res) => {
		const record = { grant: req.body?.grant_type, contentType: req.headers['content-type'], ok: false };
		tokenRequests.push(record);
		const response = new Response(res);
		try {
			const token = await oauth.token(new Request(req), response);
			record.ok = true;
			record.scope = token.scope;
			res.status(200).json({
				access_token: token.accessToken,
				token_type: 'Bearer',
				expires_in: accessTokenLifetime,
				scope: (token.scope ?? []).join(' '),
				...(refreshTokens && token.refreshToken ? { refresh_token: token.refreshToken } : {}),
			});
		} catch (error) {
			record.error = error.name;
			res.status(error.code ?? 500).json({ error: record.error, error_description: error.message });
		}
	});

	/** Guards an API route: a valid, unexpired token with `scope`. */
	const guard = (scope) => async (req, res, next) => {
		const record = { method: req.method, path: req.path, status: 0 };
		apiRequests.push(record);
		try {
			res.locals.token = await oauth.authenticate(new Request(req), new Response(res), { scope });
			record.status = 200;
			next();
		} catch (error) {
			record.status = error.code ?? 500;
			record.error = error.name;
			if (error.name === 'invalid_token' && emptyExpiredBody) {
				record.status = expiredStatus;
				return res.status(expiredStatus).end();
			}
			if (error.name === 'invalid_token') record.status = expiredStatus;
			res.status(record.status).set('WWW-Authenticate', `Bearer error="${error.name}"`).json({ error: error.name, error_description: error.message });
		}
	};

	app.get('/shipping/shipments/:number/tracking', guard('shipments:read'), (req, res) => {
		res.json({
			trackingNumber: req.params.number,
			status: 'in_transit',
			language: req.query.lang ?? 'en',
			events: [{ at: '2024-11-04T08:00:00Z', location: 'Leipzig hub', description: 'Departed facility' }],
			client: res.locals.token.client.id,
		});
	});

	// Shipping Partner's List Shipments (its poll trigger): one page, no next cursor.
	app.get('/shipping/shipments', guard('shipments:read'), (req, res) => {
		res.json({
			shipments: [
				{ id: 'SHP-501', trackingNumber: 'SH-LIST-501', status: 'in_transit', createdAt: '2024-11-04T08:00:00Z' },
				{ id: 'SHP-502', trackingNumber: 'SH-LIST-502', status: 'delivered', createdAt: '2024-11-03T08:00:00Z' },
			],
			nextCursor: null,
		});
	});

	app.get('/numbered-shipping/shipments/:number/tracking', guard('shipments:read'), (req, res) => {
		const tokenNumber = issuedTokens.findIndex((token) => token.accessToken === res.locals.token.accessToken) + 1;
		res.json({ trackingNumber: req.params.number, status: 'in_transit', client: res.locals.token.client.id, tokenNumber });
	});

	app.get('/wms/stock/:sku', guard('inventory:read'), (req, res) => {
		res.json({ sku: req.params.sku, onHand: 42, reserved: 3, user: res.locals.token.user.id });
	});

	app.get('/echo-shipping/shipments/:number/tracking', guard('shipments:read'), echoReceived);
	app.get('/echo-wms/stock/:sku', guard('inventory:read'), echoReceived);

	return new Promise((resolve, reject) => {
		const server = app.listen(port, '127.0.0.1', () => {
			const url = `http://127.0.0.1:${server.address().port}`;
			resolve({
				url,
				tokenUrl: `${url}/oauth/token`,
				tokenRequests,
				apiRequests,
				issuedTokens,
				/** Every issued token expires now (as if its lifetime had run out). */
				expireAll() {
					for (const token of tokens.values()) token.accessTokenExpiresAt = new Date(Date.now() - 1000);
				},
				/** Every refresh token is revoked (the refresh grant then answers invalid_grant). */
				revokeRefreshTokens() {
					refreshes.clear();
				},
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

module.exports = { startOAuthServer, CLIENTS, USERS };
