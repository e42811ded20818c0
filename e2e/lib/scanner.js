/**
 * The secret scanner of the end-to-end suite: every form in which a secret may be written (raw,
 * URL-encoded, JSON-escaped, base64, `Basic <base64(user:password)>`, base64(client_id:client_secret),
 * `Bearer <token>`), searched in texts, files and database rows. A finding names where, the form
 * and the secret's label, never the secret itself.
 *
 * Secrets: { label, value } (a password, key, client secret or token; `bearer: true` adds the
 * `Bearer <value>` form) or { label, pair: [user, secret] } (only its Basic/base64 forms: the user
 * alone is no secret).
 */
const fs = require('fs');
const path = require('path');

const base64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const unpadded = (encoded) => encoded.replace(/=+$/, '');
const urlSafe = (encoded) => unpadded(encoded).replace(/\+/g, '-').replace(/\//g, '_');

/** [{ form, text }] of one secret, duplicates removed (the first name of a text wins). */
function formsOf(secret) {
	const forms = [];
	const add = (form, text) => {
		if (text && !forms.some((known) => known.text === text)) forms.push({ form, text });
	};
	if (secret.pair) {
		const encoded = base64(`${secret.pair[0]}:${secret.pair[1]}`);
		add('Basic <base64(user:secret)>', `Basic ${encoded}`);
		add('base64(user:secret)', unpadded(encoded));
		add('base64url(user:secret)', urlSafe(encoded));
		const escaped = base64(`${encodeURIComponent(secret.pair[0])}:${encodeURIComponent(secret.pair[1])}`);
		add('base64(url-encoded user:secret)', unpadded(escaped));
		return forms;
	}
	const value = String(secret.value);
	if (secret.bearer) add('Bearer <token>', `Bearer ${value}`);
	add('raw', value);
	add('URL-encoded', encodeURIComponent(value));
	add('form-encoded', encodeURIComponent(value).replace(/%20/g, '+'));
	add('lower-case URL-encoded', encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
	add('JSON-escaped', JSON.stringify(value).slice(1, -1));
	add('base64', unpadded(base64(value)));
	add('base64url', urlSafe(base64(value)));
	return forms;
}

function occurrences(haystack, needle) {
	let count = 0;
	for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
	return count;
}

class Scanner {
	constructor(secrets) {
		this.secrets = secrets.filter((secret) => (secret.pair ? secret.pair[1] : secret.value));
		this.needles = this.secrets.flatMap((secret) => formsOf(secret).map((form) => ({ label: secret.label, ...form })));
		this.findings = [];
		/** What was scanned: { kind: { items, bytes } }. */
		this.coverage = {};
	}

	/** Scans one text (a file read as latin1 keeps every byte; the secrets are ASCII). */
	text(where, kind, text) {
		const entry = (this.coverage[kind] ??= { items: 0, bytes: 0, names: [] });
		entry.items++;
		entry.bytes += Buffer.byteLength(text, 'latin1');
		if (entry.names.length < 400) entry.names.push(where);
		for (const needle of this.needles) {
			const count = occurrences(text, needle.text);
			if (count) this.findings.push({ where, kind, form: needle.form, label: needle.label, count });
		}
	}

	file(file, kind) {
		this.text(file, kind, fs.readFileSync(file).toString('latin1'));
	}

	/** One line per finding: where, form, label, count. The secret is never in it. */
	report(relativeTo = process.cwd()) {
		return this.findings.map((finding) => {
			const where = path.isAbsolute(finding.where) ? path.relative(relativeTo, finding.where) : finding.where;
			return `${where} [${finding.kind}]: ${finding.label} as ${finding.form} (${finding.count}x)`;
		});
	}

	summary() {
		const parts = Object.entries(this.coverage).map(([kind, { items, bytes }]) => `${kind}: ${items} (${bytes} bytes)`);
		return `${this.secrets.length} secrets in ${this.needles.length} forms; ${parts.join('; ')}`;
	}
}

/** Files under `folder` (recursively) whose name matches `pattern`. */
function filesUnder(folder, pattern = /./) {
	if (!fs.existsSync(folder)) return [];
	return fs.readdirSync(folder, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && pattern.test(entry.name))
		.map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
		.sort();
}

/** The secrets of credentials as `n8n import:credentials` reads them (kit.credential). */
function credentialSecrets(credentials) {
	const secrets = [];
	for (const { name, data } of credentials) {
		for (const field of ['apiKey', 'password', 'token', 'clientSecret']) {
			if (data[field]) secrets.push({ label: `"${name}" ${field}`, value: data[field], bearer: field === 'token' });
		}
		if (data.password) secrets.push({ label: `"${name}" username:password`, pair: [data.username ?? '', data.password] });
		if (data.clientSecret) secrets.push({ label: `"${name}" client_id:client_secret`, pair: [data.clientId ?? '', data.clientSecret] });
	}
	return secrets;
}

/** Access and refresh tokens an OAuth2 server issued (e2e/lib/oauth-server.js). */
function tokenSecrets(serverName, server) {
	return server.issuedTokens.flatMap((token, index) => [
		{ label: `${serverName} access token #${index + 1}`, value: token.accessToken, bearer: true },
		...(token.refreshToken ? [{ label: `${serverName} refresh token #${index + 1}`, value: token.refreshToken }] : []),
	]);
}

module.exports = { Scanner, formsOf, filesUnder, credentialSecrets, tokenSecrets };
