import { main } from '../../../src/cli/main';
import { importCommand } from '../../src/import/cli';
import { shellWords } from '../../src/import/curl/tokenize';
import { importCurl } from '../../src/import/curl/import';
import { ImportRefusal } from '../../src/import/report';
import { messages, sampleRequest, validated } from './helpers';

describe('shell words', () => {
	it.each([
		[`curl 'a b' "c \\"d\\"" e\\ f`, ['curl', 'a b', 'c "d"', 'e f']],
		["curl $'x\\ny\\'z' -H'A: b'", ['curl', "x\ny'z", '-HA: b']],
		['curl \\\n  -X POST \\\n  https://x.test', ['curl', '-X', 'POST', 'https://x.test']],
		['curl "it\'s" \'say "hi"\'', ['curl', "it's", 'say "hi"']],
	])('%s', (command, words) => {
		expect(shellWords(command)).toEqual(words);
	});

	it('refuses an unterminated quote', () => {
		expect(() => importCurl(`curl 'https://x.test`)).toThrow(/cannot be read: unterminated single quote/);
	});
});

describe('import curl', () => {
	it('turns a JSON POST into an endpoint whose sample call is the original request', () => {
		const result = importCurl(
			`curl -X POST 'https://api.shop.example.com/v1/orders/42/refunds?notify=true' -H 'Content-Type: application/json' -H 'X-Request-Source: n8n' --data-raw '{"amount": 12.5, "reason": "damaged", "lines": [1, 2], "express": false}'`,
		);
		const connector = validated(result);
		expect(connector.status).toBe('draft');
		expect(connector.baseUrl).toBe('https://api.shop.example.com');
		const endpoint = connector.endpoints[0];
		expect(endpoint).toMatchObject({ method: 'POST', purpose: 'Action', path: '/v1/orders/{{ inputs.orderId }}/refunds' });
		expect(endpoint.inputs.map((input) => [input.name, input.type])).toEqual([
			['orderId', 'string'],
			['notify', 'string'],
			['amount', 'number'],
			['reason', 'string'],
			['lines', 'json'],
			['express', 'boolean'],
		]);
		const spec = sampleRequest(result);
		expect(spec.url).toBe('https://api.shop.example.com/v1/orders/42/refunds');
		expect(spec.query).toEqual([['notify', 'true']]);
		expect(spec.headers['X-Request-Source']).toBe('n8n');
		expect(spec.body).toEqual({ type: 'json', value: { amount: 12.5, reason: 'damaged', lines: [1, 2], express: false } });
	});

	it('keeps every repeated --data-urlencode field, encoded as curl would send it', () => {
		const result = importCurl(
			`curl https://api.example.com/search --data-urlencode 'q=red shoes & socks' --data-urlencode 'tag=a' --data-urlencode 'tag=b/c' -d 'page=2'`,
		);
		const spec = sampleRequest(result);
		expect(spec.method).toBe('POST');
		expect(spec.body).toEqual({ type: 'form', value: { q: 'red shoes & socks', tag: ['a', 'b/c'], page: '2' } });
	});

	it('reads -d pairs as a form, strips newlines from -d like curl, and --json as JSON', () => {
		expect(sampleRequest(importCurl(`curl https://x.example.com/f -d 'a=1' -d $'b=2\\n3'`)).body).toEqual({ type: 'form', value: { a: '1', b: '23' } });
		const json = importCurl(`curl https://x.example.com/items --json '{"name":"Ann","tags":["x"]}'`);
		expect(sampleRequest(json).body).toEqual({ type: 'json', value: { name: 'Ann', tags: ['x'] } });
		expect(messages(json, 'approximated')).toEqual([]);
	});

	it('imports JSON data without a Content-Type as JSON and says so', () => {
		const result = importCurl(`curl https://x.example.com/items -d '{"name":"Ann"}'`);
		expect(sampleRequest(result).body).toEqual({ type: 'json', value: { name: 'Ann' } });
		expect(messages(result, 'approximated').join('\n')).toMatch(/no Content-Type said so/);
	});

	it('keeps a non-JSON, non-form body as raw text of its content type', () => {
		const result = importCurl(`curl https://x.example.com/soap -H 'Content-Type: text/xml' --data-binary '<a>1</a>'`);
		expect(sampleRequest(result).body).toEqual({ type: 'raw', contentType: 'text/xml', value: '<a>1</a>' });
	});

	it('moves data into the query with -G', () => {
		const spec = sampleRequest(importCurl(`curl -G https://x.example.com/list -d status=open --data-urlencode 'q=a b'`));
		expect(spec.method).toBe('GET');
		expect(spec.query).toEqual([
			['status', 'open'],
			['q', 'a b'],
		]);
		expect(spec.body).toBeUndefined();
		expect(sampleRequest(importCurl(`curl https://x.example.com/list?a=1 --url-query 'q=x y'`)).query).toEqual([
			['a', '1'],
			['q', 'x y'],
		]);
	});

	it.each([
		[`curl -u alice:s3cr3t-pass https://x.example.com/me`, { type: 'basic' }, 's3cr3t-pass'],
		[`curl https://x.example.com/me -H 'Authorization: Bearer tok_9f8e7d'`, { type: 'bearer' }, 'tok_9f8e7d'],
		[`curl https://x.example.com/me -H 'X-API-Key: key-123456'`, { type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'key-123456'],
		[`curl 'https://x.example.com/me?api_key=key-654321&x=1'`, { type: 'apiKey', in: 'query', name: 'api_key' }, 'key-654321'],
		[`curl https://x.example.com/me --oauth2-bearer tok_abcdef`, { type: 'bearer' }, 'tok_abcdef'],
	])('%s: the credential becomes the auth type, the secret is written nowhere', (command, auth, secret) => {
		const result = importCurl(command);
		expect(validated(result).auth).toMatchObject(auth);
		expect(JSON.stringify(result)).not.toContain(secret);
		expect(sampleRequest(result).url).toBe('https://x.example.com/me');
	});

	it('turns TLS verification off for -k and reports it', () => {
		const result = importCurl(`curl -k https://self-signed.example.com/x`);
		expect(validated(result).verifyTls).toBe(false);
		expect(messages(result).join('\n')).toMatch(/-k: TLS certificate verification is off/);
	});

	it('reports -F file parts, cookies, @file data and unknown options', () => {
		const result = importCurl(
			`curl -sSL https://x.example.com/upload -F 'title=Report' -F 'file=@/tmp/r.pdf' -b 'session=abc123' --frobnicate -o out.json`,
		);
		const text = messages(result).join('\n');
		expect(text).toMatch(/-F file: file upload parts are not supported/);
		expect(text).toMatch(/multipart\/form-data text fields were imported as a URL-encoded form/);
		expect(text).toMatch(/-b: cookies are session credentials/);
		expect(text).toMatch(/--frobnicate: unknown option/);
		expect(text).toMatch(/-o out.json: ignored/);
		expect(JSON.stringify(result.connector)).not.toContain('abc123');
		expect(sampleRequest(result).body).toEqual({ type: 'form', value: { title: 'Report' } });
		const fileData = importCurl(`curl https://x.example.com/u -d @body.json`);
		expect(messages(fileData, 'dropped').join('\n')).toMatch(/-d @body.json: data read from a file/);
	});

	it('refuses what is not a curl command, has no URL, or uses another protocol', () => {
		expect(() => importCurl('wget https://x.example.com')).toThrow(ImportRefusal);
		expect(() => importCurl('curl -X GET')).toThrow('the curl command has no URL');
		expect(() => importCurl('curl ftp://x.example.com/f')).toThrow(/only http and https/);
		expect(() => importCurl('curl -I https://x.example.com/')).toThrow(/HEAD request cannot be imported/);
	});
});

describe('data-connectors import curl (CLI)', () => {
	function io(stdin = '') {
		const out = { stdout: '', stderr: '' };
		return {
			out,
			io: {
				cwd: process.cwd(),
				stdout: { write: (text: string) => (out.stdout += text) },
				stderr: { write: (text: string) => (out.stderr += text) },
				readStdin: async () => stdin,
			},
		};
	}

	it('reads the command from standard input and prints the draft and the report', async () => {
		const { out, io: context } = io(`curl https://api.example.com/orders/7 -H 'Authorization: Bearer abc.def'`);
		expect(await importCommand(['curl', '--key', 'orders', '--name', 'Orders'], context)).toBe(0);
		const connector = JSON.parse(out.stdout);
		expect(connector).toMatchObject({ key: 'orders', name: 'Orders', status: 'draft', auth: { type: 'bearer' } });
		expect(out.stderr).toMatch(/imported 1 of 1 operations as draft connector "orders"/);
		expect(out.stderr).toMatch(/became auth type "bearer"/);
		expect(out.stdout + out.stderr).not.toContain('abc.def');
	});

	it('gives the report as data with --json, and a refusal with exit code 1', async () => {
		const ok = io();
		expect(await importCommand(['curl', `curl -k https://api.example.com/x`, '--json'], ok.io)).toBe(0);
		const data = JSON.parse(ok.out.stdout);
		expect(data.stats).toEqual({ operations: 1, kept: 1 });
		expect(data.report).toContainEqual(expect.objectContaining({ kind: 'note', where: 'curl command -k' }));
		const refused = io();
		expect(await importCommand(['curl', 'curl', '--json'], refused.io)).toBe(1);
		expect(JSON.parse(refused.out.stdout)).toEqual({ refused: 'the curl command has no URL' });
		expect(refused.out.stderr).toMatch(/refused: the curl command has no URL/);
	});
});

describe('data-connectors import (the root CLI delegates to the hub package)', () => {
	it('runs the hub importer and prints its usage for an unknown format', async () => {
		const out = { stdout: '', stderr: '' };
		const io = { stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } };
		expect(await main(['import', 'curl', 'curl https://api.example.com/ping', '--json'], io)).toBe(0);
		expect(JSON.parse(out.stdout).connector).toMatchObject({ baseUrl: 'https://api.example.com', status: 'draft' });
		expect(await main(['import', 'wsdl', 'x.wsdl'], io)).toBe(2);
		expect(out.stderr).toMatch(/unknown format "wsdl"/);
	});
});
