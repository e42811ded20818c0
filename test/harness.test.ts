import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';
import { guardNetwork } from './helpers/network';

import { EchoHttp, ECHO_HTTP_TYPE } from './harness/EchoHttp.node';
import { InMemoryCredentialsHelper } from './harness/credentials-helper';
import type { RunWorkflowOptions, RunWorkflowResult } from './harness/run-workflow';
import { runWorkflow } from './harness/run-workflow';
import { HarnessHeaderAuthApi, HarnessTokenApi } from './harness/test-credentials';

const API = 'https://api.harness.test';
const AUTH = 'https://auth.harness.test';

const headerCredential = { id: 'h1', name: 'Header', type: 'harnessHeaderAuthApi', data: { apiKey: 'key-123' } };
const tokenCredential = {
	id: 't1',
	name: 'Token',
	type: 'harnessTokenApi',
	data: { tokenUrl: `${AUTH}/token`, username: 'ada', password: 'pw-secret' },
};

/** EchoHttp with both test credentials registered; `parameters` and the rest override. */
function echo(parameters: INodeParameters, extra: Partial<RunWorkflowOptions> = {}): Promise<RunWorkflowResult> {
	return runWorkflow({
		nodeTypes: [new EchoHttp()],
		credentialTypes: [HarnessHeaderAuthApi, HarnessTokenApi],
		credentials: [headerCredential, tokenCredential],
		node: { type: ECHO_HTTP_TYPE, parameters: { url: `${API}/things/{{ $json.id }}`, ...parameters } },
		items: [{ id: 1 }, { id: 2 }, { id: 3 }],
		...extra,
	});
}

guardNetwork();

describe('harness: runWorkflow through WorkflowExecute', () => {
	test('applies a generic header authenticate block resolved from $credentials', async () => {
		const scope = nock(API, { reqheaders: { 'x-api-key': 'key-123' } })
			.get(/\/things\/\d/)
			.times(3)
			.reply(200, (uri) => ({ path: uri }));

		const result = await echo({ credentialType: 'harnessHeaderAuthApi', url: `=${API}/things/{{ $json.id }}` });

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{ path: '/things/1' },
			{ path: '/things/2' },
			{ path: '/things/3' },
		]);
		expect(result.preAuthCalls).toBe(0);
		expect(scope.isDone()).toBe(true);
	});

	test('resolves expressions stored in credential fields, like the server', async () => {
		nock(API, { reqheaders: { 'x-api-key': 'key-42' } }).get('/x').reply(200, { ok: true });

		const result = await echo(
			{ credentialType: 'harnessHeaderAuthApi', url: `${API}/x` },
			{ credentials: [{ ...headerCredential, data: { apiKey: '={{ "key-" + (40 + 2) }}' } }], items: [{ id: 1 }] },
		);

		expect(result.error).toBeUndefined();
	});

	test('preserves pairedItem, one output item per input item', async () => {
		nock(API).get('/x').times(3).reply(200, { ok: true });

		const result = await echo({ credentialType: 'harnessHeaderAuthApi', url: `${API}/x` });

		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('runs preAuthentication once for 3 items, stores the token and sends it on every request', async () => {
		const token = nock(AUTH).post('/token', { username: 'ada', password: 'pw-secret' }).once().reply(200, { token: 'T1' });
		const api = nock(API, { reqheaders: { authorization: 'Bearer T1' } }).get('/x').times(3).reply(200, { ok: true });

		const result = await echo({ credentialType: 'harnessTokenApi', url: `${API}/x` });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.preAuthCalls).toBe(1);
		expect(result.preAuthCallDetails).toEqual([{ type: 'harnessTokenApi', credentialId: 't1', credentialsExpired: false }]);
		expect(result.credentialsHelper.getStoredData('t1')).toMatchObject({ sessionToken: 'T1', password: 'pw-secret' });
		expect(token.isDone() && api.isDone()).toBe(true);
	});

	test('a stored token is used without fetching; a 401 leads to exactly one re-fetch and one retry', async () => {
		const helper = new InMemoryCredentialsHelper(
			[HarnessHeaderAuthApi, HarnessTokenApi],
			[{ ...tokenCredential, data: { ...tokenCredential.data, sessionToken: 'OLD' } }],
		);
		const token = nock(AUTH).post('/token').once().reply(200, { token: 'NEW' });
		const rejected = nock(API, { reqheaders: { authorization: 'Bearer OLD' } }).get('/x').once().reply(401, { error: 'expired' });
		const accepted = nock(API, { reqheaders: { authorization: 'Bearer NEW' } }).get('/x').times(3).reply(200, { ok: true });

		const result = await echo(
			{ credentialType: 'harnessTokenApi', url: `${API}/x` },
			{ credentialsHelper: helper, credentials: [] },
		);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.preAuthCallDetails).toEqual([{ type: 'harnessTokenApi', credentialId: 't1', credentialsExpired: true }]);
		expect(helper.getStoredData('t1')?.sessionToken).toBe('NEW');
		expect(token.isDone() && rejected.isDone() && accepted.isDone()).toBe(true);
	});

	test('a second 401 after the refresh fails the item: no second refresh, no loop', async () => {
		nock(AUTH).post('/token').once().reply(200, { token: 'T1' }).post('/token').once().reply(200, { token: 'T2' });
		nock(API).get('/x').once().reply(401, { error: 'nope' }).get('/x').once().reply(401, { error: 'still nope' });

		const result = await echo({ credentialType: 'harnessTokenApi', url: `${API}/x` }, { items: [{ id: 1 }] });

		expect(result.preAuthCallDetails.map((call) => call.credentialsExpired)).toEqual([false, true]);
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
		expect(result.nodeError).toMatchObject({ httpCode: '401' });
		expect(result.items).toEqual([]);
	});

	test('n8n-core resends once after a 401 even for credentials without preAuthentication', async () => {
		const api = nock(API).get('/x').twice().reply(401, { error: 'bad key' });

		const result = await echo({ credentialType: 'harnessHeaderAuthApi', url: `${API}/x` }, { items: [{ id: 1 }] });

		expect(api.isDone()).toBe(true);
		expect(result.preAuthCalls).toBe(0);
		expect(result.error).toMatchObject({ httpCode: '401' });
	});

	test('continueOnFail turns a failed item into an error item and keeps going', async () => {
		nock(API).get('/things/1').reply(200, { id: 1 }).get('/things/2').reply(500, { message: 'boom' }).get('/things/3').reply(200, { id: 3 });

		const result = await echo(
			{ credentialType: 'harnessHeaderAuthApi', url: `=${API}/things/{{ $json.id }}` },
			{ node: { type: ECHO_HTTP_TYPE, continueOnFail: true, parameters: { credentialType: 'harnessHeaderAuthApi', url: `=${API}/things/{{ $json.id }}` } } },
		);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0]).toEqual({ json: { id: 1 }, pairedItem: { item: 0 } });
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(result.items[1].json.error).toEqual(expect.any(String));
		expect(result.items[2].json).toEqual({ id: 3 });
	});

	test('without continueOnFail the run error is a plain object naming the node and item', async () => {
		nock(API).get('/x').reply(404, { message: 'no such thing' });

		const result = await echo({ credentialType: 'harnessHeaderAuthApi', url: `${API}/x` }, { items: [{ id: 1 }] });

		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '404', message: expect.any(String) });
		expect(result.error).not.toBeInstanceOf(Error);
		expect(result.nodeError).toMatchObject({ context: { itemIndex: 0 } });
	});

	test.each(['trigger', 'webhook'] as const)('runs in production mode %s with the items as trigger input', async (mode) => {
		nock(API).get('/things/7').reply(200, { id: 7 });

		const result = await echo(
			{ credentialType: 'harnessHeaderAuthApi', url: `=${API}/things/{{ $json.id }}` },
			{ mode, items: [{ id: 7 }] },
		);

		expect(result.error).toBeUndefined();
		expect(result.run.mode).toBe(mode);
		expect(result.items).toEqual([{ json: { id: 7 }, pairedItem: { item: 0 } }]);
	});

	test('a token stored by one execution is reused by the next (shared helper)', async () => {
		const helper = new InMemoryCredentialsHelper([HarnessHeaderAuthApi, HarnessTokenApi], [tokenCredential]);
		nock(AUTH).post('/token').once().reply(200, { token: 'T1' });
		nock(API, { reqheaders: { authorization: 'Bearer T1' } }).get('/x').times(2).reply(200, { ok: true });
		const options = { credentialsHelper: helper, credentials: [], items: [{ id: 1 }] };

		const first = await echo({ credentialType: 'harnessTokenApi', url: `${API}/x` }, options);
		const second = await echo({ credentialType: 'harnessTokenApi', url: `${API}/x` }, options);

		expect([first.preAuthCalls, second.preAuthCalls]).toEqual([1, 0]);
		expect(helper.preAuthCalls).toHaveLength(1);
	});

	test('chains a second node after the first', async () => {
		nock(API).get('/a').reply(200, { step: 'a' }).get('/b').reply(200, { step: 'b' });

		const result = await runWorkflow({
			nodeTypes: [new EchoHttp()],
			credentialTypes: [HarnessHeaderAuthApi],
			credentials: [headerCredential],
			node: { type: ECHO_HTTP_TYPE, name: 'First', parameters: { url: `${API}/a` } },
			next: { type: ECHO_HTTP_TYPE, name: 'Second', parameters: { url: `=${API}/{{ $json.step === 'a' ? 'b' : 'c' }}` } },
			items: [{}],
		});

		expect(result.items.map((item) => item.json)).toEqual([{ step: 'a' }]);
		expect(result.nextItems?.map((item) => item.json)).toEqual([{ step: 'b' }]);
	});

	test('credentials helper: getDecrypted adds defaults, getParentTypes follows extends', async () => {
		const helper = new InMemoryCredentialsHelper(
			[HarnessTokenApi, { ...new HarnessTokenApi(), name: 'childTokenApi', extends: ['harnessTokenApi'], properties: [] }],
			[{ id: 'c', type: 'harnessTokenApi', data: { username: 'u' } }],
		);

		expect(helper.getParentTypes('childTokenApi')).toEqual(['harnessTokenApi']);
		expect(helper.getCredentialsProperties('childTokenApi').map((p) => p.name)).toEqual([
			'tokenUrl',
			'username',
			'password',
			'sessionToken',
		]);
		const decrypted = await helper.getDecrypted({} as never, { id: 'c', name: 'c' }, 'harnessTokenApi', 'manual');
		expect(decrypted).toEqual({ tokenUrl: '', username: 'u', password: '', sessionToken: '' });
		await expect(helper.getDecrypted({} as never, { id: 'nope', name: 'x' }, 'harnessTokenApi', 'manual')).rejects.toThrow(
			'does not exist',
		);
	});
});
