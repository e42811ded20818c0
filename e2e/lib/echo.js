/**
 * An API that repeats the credentials it received, for the end-to-end secret scan
 * (e2e/lib/secret-scan.js): the Authorization, X-API-Key and Cookie headers and the URL (a key in
 * the query) come back in response headers (X-Echo-*) and in the body. A URL containing "FAIL" (or
 * status=closed, for an endpoint whose only input is a choice) is answered 400 with the same values
 * in the error message, so the node's error path sees them too.
 * No check of the credentials: right and wrong ones are echoed alike.
 */
/** Every Authorization header value echoed (the test checks that refreshed tokens were among them). */
const echoedAuthorizations = [];

function echoReceived(req, res) {
	echoedAuthorizations.push(req.headers.authorization ?? '');
	const received = {
		authorization: req.headers.authorization ?? '',
		apiKey: req.headers['x-api-key'] ?? '',
		cookie: req.headers.cookie ?? '',
		url: req.originalUrl,
	};
	res.set({
		'X-Echo-Authorization': received.authorization,
		'X-Echo-Api-Key': received.apiKey,
		'X-Echo-Cookie': received.cookie,
		'X-Echo-Url': received.url,
	});
	if (/FAIL|status=closed/.test(req.originalUrl)) {
		const message = `Bad request. Authorization: ${received.authorization}; X-API-Key: ${received.apiKey}; Cookie: ${received.cookie}; URL: ${received.url}`;
		return res.status(400).json({ error: 'bad_request', error_description: message, received });
	}
	res.json({ received });
}

module.exports = { echoReceived, echoedAuthorizations };
