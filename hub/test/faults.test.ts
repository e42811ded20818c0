/**
 * Faults and abuse: malformed, oversized, unknown-field and path-traversal requests get clear 4xx;
 * 20 concurrent editors of one connector lose nothing (stale writes get 412 and retry); a hub
 * killed (SIGKILL) in the middle of writes leaves every connector readable.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseDefinition } from '../src/runtime';
import { folderStore } from '../src/store/folder-store';
import { client, EDIT, READ, startHub, type TestHub, ticketsConnector } from './helpers';

describe('bad requests get clear 4xx answers', () => {
	let hub: TestHub;
	beforeAll(async () => {
		hub = await startHub({ bodyLimit: 64 * 1024 });
	});
	afterAll(() => hub.close());

	test('malformed JSON is 400 with the parser message', async () => {
		const answer = await hub.call('POST', '/connectors', { token: EDIT, raw: '{"key": "a",' });
		expect(answer.status).toBe(400);
		expect(answer.body.error.code).toBe('malformed-json');
		expect(answer.body.error.message).toMatch(/^The request body is not valid JSON: /);
	});

	test('an oversized body is 413 naming the limit, and nothing is written', async () => {
		const huge = ticketsConnector(undefined, { description: 'x'.repeat(100 * 1024) });
		const answer = await hub.call('POST', '/connectors', { token: EDIT, body: huge });
		expect(answer.status).toBe(413);
		expect(answer.body.error.message).toContain('(65536 bytes)');
		expect(readdirSync(hub.folder).filter((name) => name.endsWith('.json'))).toEqual([]);
	});

	test('not JSON is 415, no body is 400', async () => {
		expect((await hub.call('POST', '/connectors', { token: EDIT, raw: 'key=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
		const empty = await hub.call('POST', '/connectors', { token: EDIT });
		expect(empty.status).toBe(400);
		expect(empty.body.error.message).toBe('This request needs a JSON body');
	});

	test('unknown fields in a definition are 400 at their path', async () => {
		const answer = await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector(undefined, { owner: 'me' }) });
		expect(answer.status).toBe(400);
		expect(answer.body.error.problems).toEqual([{ path: '/owner', message: expect.stringContaining('owner') }]);
	});

	test.each([
		['/connectors/..%2F..%2Fetc%2Fpasswd', '"../../etc/passwd" is not a valid key'],
		['/connectors/%2e%2e', '".." is not a valid key'],
		['/connectors/a%00b', 'is not a valid key'],
		['/connectors/%E0%A4%A', 'is not valid URL encoding'],
		['/connectors/tickets%2Fx/usage', 'is not a valid key'],
	])('path traversal %s is 400', async (path, message) => {
		// node:http sends the path exactly as written (fetch would normalise "%2e%2e" away).
		const answer = await new Promise<{ status: number; body: { error: { message: string } } }>((resolve, reject) => {
			const { hostname, port } = new URL(hub.url);
			const request = httpRequest({ hostname, port, path: `/api/v1${path}`, headers: { Authorization: `Bearer ${READ}` } }, (response) => {
				let text = '';
				response.on('data', (chunk: Buffer) => (text += chunk.toString()));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
			});
			request.on('error', reject);
			request.end();
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toContain(message);
	});

	test('a path outside the API is 404 and a wrong method is 405 with Allow', async () => {
		const outside = await hub.call('GET', '/../../etc/passwd', { token: READ });
		expect(outside.status).toBe(404);
		const wrong = await hub.call('PATCH', '/connectors/tickets', { token: EDIT, body: {} });
		expect(wrong.status).toBe(405);
		expect(wrong.headers.get('allow')).toBe('GET, PUT, DELETE');
	});
});

describe('20 concurrent editors of one connector', () => {
	test('lose nothing: one write per version wins, stale ones get 412 and retry', async () => {
		const hub = await startHub();
		try {
			await hub.call('POST', '/connectors', { token: EDIT, body: ticketsConnector() });
			const stale: number[] = [];
			const editor = async (index: number) => {
				for (let attempt = 0; ; attempt++) {
					const read = await hub.call('GET', '/connectors/tickets', { token: READ });
					const write = await hub.call('PUT', '/connectors/tickets', {
						token: EDIT,
						body: { endpoints: [{ ...(ticketsConnector().endpoints as Array<Record<string, unknown>>)[1], key: `edit${index}`, name: `Edit ${index}` }] },
						headers: { 'If-Match': read.headers.get('etag') as string },
					});
					if (write.status === 200) return attempt;
					expect(write.status).toBe(412);
					stale.push(index);
				}
			};
			await Promise.all(Array.from({ length: 20 }, (_, index) => editor(index)));
			const final = await hub.call('GET', '/connectors/tickets', { token: READ });
			expect(final.body.version).toBe(21);
			const keys = final.body.definition.endpoints.map((endpoint: { key: string }) => endpoint.key);
			for (let index = 0; index < 20; index++) expect(keys).toContain(`edit${index}`);
			expect(keys).toHaveLength(22);
		} finally {
			await hub.close();
		}
	}, 60_000); // a hang guard for a busy machine, not a timing
});

describe('a hub killed during writes', () => {
	test('leaves every connector readable, and the next hub writes on', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'hub-kill-'));
		const token = 'kill-test-edit-token-0123456789';
		const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'data-connectors.js'), 'hub', '--folder', folder, '--port', '0'], {
			env: { ...process.env, DATA_CONNECTORS_HUB_TOKENS: `writer:admin:${token}` },
			stdio: ['ignore', 'pipe', 'ignore'],
		});
		try {
			const url = await new Promise<string>((resolve, reject) => {
				child.once('exit', (code) => reject(new Error(`the hub exited with ${code}`)));
				createInterface({ input: child.stdout }).on('line', (line) => {
					const match = /listening on (\S+)\/api\/v1/.exec(line);
					if (match) resolve(match[1]);
				});
			});
			const call = client(`${url}/api/v1`);
			for (let index = 0; index < 5; index++) {
				const created = await call('POST', '/connectors', { token, body: ticketsConnector(undefined, { key: `c${index}`, name: `Connector ${index}` }) });
				expect(created.status).toBe(201);
			}
			// Five writers update all the time; the hub is killed once 30 updates have succeeded.
			let succeeded = 0;
			let killed = false;
			const writer = async (index: number) => {
				while (!killed) {
					const answer = await call('PUT', `/connectors/c${index}`, { token, body: { description: `Write ${succeeded}`, version: undefined }, headers: { 'If-Match': '*' } }).catch(() => undefined);
					if (answer?.status === 200 && ++succeeded >= 30 && !killed) {
						killed = true;
						child.kill('SIGKILL');
					}
				}
			};
			await Promise.all(Array.from({ length: 5 }, (_, index) => writer(index)));
			await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
			for (let index = 0; index < 5; index++) {
				const text = readFileSync(join(folder, `c${index}.json`), 'utf8');
				expect(parseDefinition(JSON.parse(text), `c${index}.json`).key).toBe(`c${index}`);
			}
			const next = await startHub({ store: folderStore(folder) });
			try {
				for (let index = 0; index < 5; index++) expect((await next.call('GET', `/connectors/c${index}`, { token: READ })).status).toBe(200);
				const write = await next.call('PUT', '/connectors/c0', { token: EDIT, body: { description: 'After the crash.' }, headers: { 'If-Match': '*' } });
				expect(write.status).toBe(200);
				expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
			} finally {
				await next.close();
			}
		} finally {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			rmSync(folder, { recursive: true, force: true });
		}
	}, 60_000); // a hang guard for a busy machine, not a timing
});
