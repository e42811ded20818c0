/**
 * What builders expect of an integration node (issue #19), on n8n-core's real engine with nock:
 * tidy output ("Simplified" vs "Raw" from `response.fields`), files in and out as n8n binary data,
 * and dropdowns filled from the API.
 */
import nock from 'nock';
import { type IDataObject, type INodeExecutionData, type INodeParameters, type INodeType, NodeHelpers } from 'n8n-workflow';
import { DataConnector } from '../nodes/DataConnector/DataConnector.node';
import { DataConnectorTrigger } from '../nodes/DataConnectorTrigger/DataConnectorTrigger.node';
import { DataConnectorApiKeyApi } from '../credentials/DataConnectorApiKeyApi.credentials';
import { connectorNodeNames, connectorNodeProperties } from '../nodes/shared/connector-node';
import { packagedConnector } from '../nodes/shared/connector-node';
import { contentDispositionFileName, encodeMultipart, multipartBoundary, simplifyRecord, validateDefinition } from '../src';
import { guardNetwork } from './helpers/network';
import { mapperValue } from './helpers/resource-mapper';
import type { StoredCredential } from './harness/credentials-helper';
import { runWorkflow } from './harness/run-workflow';
import { runListSearch } from './harness/list-search';

const DOCS = 'https://docs.example.com';
const API_KEY = 'doc-key-31f7';
const credentials: StoredCredential[] = [{ id: 'docs', name: 'Docs', type: 'dataConnectorApiKeyApi', data: { apiKey: API_KEY } }];
const documentStore = packagedConnector('documentStore');

/** The generated Document Store node class (jest compiles the generated source). */
function generatedNode(): new () => INodeType {
	const { className } = connectorNodeNames(documentStore);
	return jest.requireActual<Record<string, new () => INodeType>>(`../nodes/generated/${className}/${className}.node.ts`)[className];
}

function runGeneric(parameters: INodeParameters, items: Array<IDataObject | INodeExecutionData> = [{}], nodeType = 'dataConnector') {
	return runWorkflow({
		nodeTypes: [DataConnector, generatedNode()],
		credentialTypes: [DataConnectorApiKeyApi],
		credentials,
		node: { type: nodeType, parameters },
		items,
	});
}

const connectorCall = (endpoint: string, inputs: IDataObject, extra: INodeParameters = {}): INodeParameters => ({
	mode: 'connector',
	connector: 'documentStore',
	endpoint,
	inputs: mapperValue(inputs),
	...extra,
});

const DOCUMENT = {
	id: 'D-100',
	name: 'contract.pdf',
	size: 5,
	mimeType: 'application/pdf',
	folder: { id: 'F-1', name: 'Contracts' },
	uploadedBy: { id: 'U-7', name: 'Ada' },
	checksum: 'abc',
};
const SIMPLE_DOCUMENT = { id: 'D-100', name: 'contract.pdf', size: 5, type: 'application/pdf', folder: 'Contracts', uploadedBy: 'Ada' };

guardNetwork();
// Engine runs share two cores with other work: give them room (no test depends on time).
jest.setTimeout(60_000);

describe('output shaping: response.fields', () => {
	test('keeps, renames and lifts fields in the declared order; a missing field is null', () => {
		const fields = ['id', { name: 'email', path: 'customer.email' }, 'customer.name', { name: 'first', path: 'lines.0.sku' }, 'absent'];
		const record = { customer: { email: 'a@b.c', name: 'Ada' }, id: 7, lines: [{ sku: 'S-1' }], extra: true };
		expect(Object.entries(simplifyRecord(record, fields))).toEqual([
			['id', 7],
			['email', 'a@b.c'],
			['name', 'Ada'],
			['first', 'S-1'],
			['absent', null],
		]);
	});

	test('inherited properties are not fields', () => {
		expect(simplifyRecord({}, ['constructor', 'toString'])).toEqual({ constructor: null, toString: null });
	});

	test('the validator rejects two fields with the same output name, and an empty list', () => {
		const definition = (fields: unknown) => ({
			key: 'x',
			name: 'X',
			categories: ['Test'],
			baseUrl: 'https://x.example.com',
			endpoints: [{ key: 'e', name: 'E', path: '/e', response: { fields } }],
		});
		const twice = validateDefinition(definition(['id', { name: 'id', path: 'other.id' }]));
		expect(twice.ok).toBe(false);
		expect(twice.problems).toEqual([{ path: '/endpoints/0/response/fields', message: 'must not give two fields the same output name' }]);
		const empty = validateDefinition(definition([]));
		expect(empty.problems).toEqual([{ path: '/endpoints/0/response/fields', message: 'must list at least one field' }]);
	});

	test('generic node: Simplified by default, Raw on request, every record paired', async () => {
		nock(DOCS, { reqheaders: { 'x-api-key': API_KEY } })
			.get('/api/documents/D-100')
			.times(2)
			.reply(200, DOCUMENT);
		const simplified = await runGeneric(connectorCall('getDocument', { documentId: 'D-100' }));
		expect(simplified.error).toBeUndefined();
		expect(simplified.items).toEqual([{ json: SIMPLE_DOCUMENT, pairedItem: { item: 0 } }]);
		const raw = await runGeneric(connectorCall('getDocument', { documentId: 'D-100' }, { output: 'raw' }));
		expect(raw.items).toEqual([{ json: DOCUMENT, pairedItem: { item: 0 } }]);
	});

	test('a list is simplified record by record; an empty answer keeps its stand-in item', async () => {
		nock(DOCS)
			.get('/api/folders/F-1/documents')
			.reply(200, { data: [DOCUMENT, { ...DOCUMENT, id: 'D-101', folder: null }] })
			.get('/api/folders/F-2/documents')
			.reply(204);
		const result = await runGeneric(connectorCall('listDocuments', { folderId: '={{ $json.folder }}' }), [{ folder: 'F-1' }, { folder: 'F-2' }]);
		expect(result.error).toBeUndefined();
		const row = { id: 'D-100', name: 'contract.pdf', size: 5, type: 'application/pdf', folder: 'Contracts' };
		expect(result.items).toEqual([
			{ json: row, pairedItem: { item: 0 } },
			{ json: { ...row, id: 'D-101', folder: null }, pairedItem: { item: 0 } },
			{ json: { success: true, status: 204 }, pairedItem: { item: 1 } },
		]);
	});

	test('generated node: the Output choice is shown for operations that declare fields', async () => {
		const output = connectorNodeProperties(documentStore).find((property) => property.name === 'output');
		expect(output).toMatchObject({
			default: 'simplified',
			displayOptions: {
				show: { operation: ['listFolders', 'listDocuments', 'getDocument', 'uploadDocument', 'replaceDocumentContent'] },
				hide: { '@tool': [true] },
			},
		});
		nock(DOCS).get('/api/documents/D-100').reply(200, DOCUMENT);
		const result = await runGeneric({ operation: 'getDocument', documentId: 'D-100' }, [{}], connectorNodeNames(documentStore).typeName);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([SIMPLE_DOCUMENT]);
	});

	test('as an AI tool the simplified output is returned even when Raw was chosen', async () => {
		nock(DOCS).get('/api/documents/D-100').reply(200, DOCUMENT);
		const Tool = class extends DataConnector {
			constructor() {
				super();
				this.description = { ...this.description, name: 'dataConnectorTool' };
			}
		};
		const result = await runWorkflow({
			nodeTypes: [Tool],
			credentialTypes: [DataConnectorApiKeyApi],
			credentials,
			node: { type: 'dataConnectorTool', parameters: connectorCall('getDocument', { documentId: 'D-100' }, { output: 'raw' }) },
			items: [{}],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([SIMPLE_DOCUMENT]);
	});
});

// ---------------------------------------------------------------------------------------------
// Files: multipart encoding, uploads and downloads as n8n binary data

/** Every byte value, so any text decoding on the way would show. */
const FILE_BYTES = Buffer.from([...Array(256).keys(), 0x0d, 0x0a, 0x2d, 0x2d]);
const fileItem = (binary: Record<string, { bytes: Buffer; fileName?: string; mimeType: string }>, json: IDataObject = {}): INodeExecutionData => ({
	json,
	binary: Object.fromEntries(
		Object.entries(binary).map(([name, file]) => [
			name,
			{ data: file.bytes.toString('base64'), mimeType: file.mimeType, ...(file.fileName ? { fileName: file.fileName } : {}) },
		]),
	),
});

/** The body nock received, as bytes (nock hands a binary body over as hex). */
const received = (body: unknown): Buffer => (Buffer.isBuffer(body) ? body : Buffer.from(String(body), /^[0-9a-f]*$/i.test(String(body)) ? 'hex' : 'utf8'));

describe('multipart/form-data encoding', () => {
	test('fields and file parts, byte for byte; names and file names quoted like browsers do', () => {
		const encoded = encodeMultipart(
			[
				{ name: 'title', value: 'Q3 "final"\r\nreport ü' },
				{ name: 'file', fileName: 'a"b\nc ü.pdf', contentType: 'application/pdf', data: Buffer.from([0, 1, 255]) },
			],
			'XyZ',
		);
		expect(encoded.contentType).toBe('multipart/form-data; boundary=XyZ');
		expect(encoded.body).toEqual(
			Buffer.concat([
				Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nQ3 "final"\r\nreport ü\r\n', 'utf8'),
				Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a%22b%0Ac ü.pdf"\r\nContent-Type: application/pdf\r\n\r\n', 'utf8'),
				Buffer.from([0, 1, 255]),
				Buffer.from('\r\n--XyZ--\r\n', 'utf8'),
			]),
		);
	});

	test('the boundary depends on the content only and never occurs in it', () => {
		const parts = [{ name: 'f', fileName: 'x', contentType: 'text/plain', data: Buffer.from('hello') }];
		const boundary = multipartBoundary(parts);
		expect(boundary).toMatch(/^----DataConnectorBoundary[0-9a-f]{32}$/);
		expect(multipartBoundary(parts)).toBe(boundary);
		expect(multipartBoundary([{ ...parts[0], data: Buffer.from('hellO') }])).not.toBe(boundary);
		const tricky = [{ ...parts[0], data: Buffer.from(`before ${boundary} after`) }];
		const other = multipartBoundary(tricky);
		expect(Buffer.from(`before ${boundary} after`).includes(other)).toBe(false);
	});

	test('Content-Disposition file names: filename* wins, paths and control characters are dropped', () => {
		expect(contentDispositionFileName(`attachment; filename="plain.pdf"; filename*=UTF-8''Vertrag%20%C3%BC.pdf`)).toBe('Vertrag ü.pdf');
		expect(contentDispositionFileName('attachment; filename="a \\"quoted\\" name.txt"')).toBe('a "quoted" name.txt');
		expect(contentDispositionFileName('attachment; filename=../../etc/passwd')).toBe('passwd');
		expect(contentDispositionFileName('attachment; filename=".."')).toBeUndefined();
		expect(contentDispositionFileName('inline')).toBeUndefined();
		expect(contentDispositionFileName(undefined)).toBeUndefined();
	});
});

describe('uploads from binary data', () => {
	test('multipart: text fields and the file part with its name and type, exactly', async () => {
		let contentType = '';
		let body: Buffer = Buffer.alloc(0);
		nock(DOCS, { reqheaders: { 'x-api-key': API_KEY } })
			.post('/api/folders/F-1/documents', (raw) => {
				body = received(raw);
				return true;
			})
			.reply(function () {
				contentType = String(this.req.headers['content-type']);
				return [201, { id: 'D-200', name: 'contract.pdf', size: FILE_BYTES.length, mimeType: 'application/pdf', owner: 'x' }];
			});
		const result = await runGeneric(
			connectorCall('uploadDocument', { folderId: 'F-1', title: 'Signed "final"', tags: '["a","b"]' }),
			[fileItem({ data: { bytes: FILE_BYTES, fileName: 'contract.pdf', mimeType: 'application/pdf' } })],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([{ json: { id: 'D-200', name: 'contract.pdf', size: 260, type: 'application/pdf' }, pairedItem: { item: 0 } }]);
		const boundary = /^multipart\/form-data; boundary=(----DataConnectorBoundary[0-9a-f]{32})$/.exec(contentType)?.[1];
		expect(boundary).toBeDefined();
		expect(body).toEqual(
			Buffer.concat([
				Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nSigned "final"\r\n`),
				Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="tags"\r\n\r\na\r\n`),
				Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="tags"\r\n\r\nb\r\n`),
				Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contract.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
				FILE_BYTES,
				Buffer.from(`\r\n--${boundary}--\r\n`),
			]),
		);
	});

	test('multipart: the file field and file name come from inputs', async () => {
		let body = '';
		nock(DOCS)
			.post('/api/folders/F-1/documents', (raw) => {
				body = received(raw).toString('latin1');
				return true;
			})
			.reply(201, { id: 'D-201' });
		const result = await runGeneric(connectorCall('uploadDocument', { folderId: 'F-1', title: 'T', binaryProperty: 'scan', fileName: 'Scan ü.png' }), [
			fileItem({ data: { bytes: Buffer.from('not me'), mimeType: 'text/plain' }, scan: { bytes: Buffer.from('PNG!'), mimeType: 'image/png' } }),
		]);
		expect(result.error).toBeUndefined();
		expect(body).toContain(`Content-Disposition: form-data; name="file"; filename="${Buffer.from('Scan ü.png').toString('latin1')}"\r\nContent-Type: image/png\r\n\r\nPNG!\r\n`);
		expect(body).not.toContain('not me');
	});

	test('binary body: the file as the raw body, its MIME type as Content-Type', async () => {
		let body: Buffer = Buffer.alloc(0);
		nock(DOCS, { reqheaders: { 'content-type': 'application/pdf', 'x-api-key': API_KEY } })
			.put('/api/documents/D-100/content', (raw) => {
				body = received(raw);
				return true;
			})
			.reply(200, { id: 'D-100', name: 'contract.pdf', size: 260, mimeType: 'application/pdf' });
		const result = await runGeneric(connectorCall('replaceDocumentContent', { documentId: 'D-100' }), [
			fileItem({ data: { bytes: FILE_BYTES, fileName: 'contract.pdf', mimeType: 'application/pdf' } }),
		]);
		expect(result.error).toBeUndefined();
		expect(body).toEqual(FILE_BYTES);
		expect(result.items[0].json).toEqual({ id: 'D-100', name: 'contract.pdf', size: 260, type: 'application/pdf' });
	});

	test('a missing binary field is an error that names it and the fields the item has; with continueOnFail an error item', async () => {
		const result = await runWorkflow({
			nodeTypes: [DataConnector],
			credentialTypes: [DataConnectorApiKeyApi],
			credentials,
			node: { type: 'dataConnector', parameters: connectorCall('replaceDocumentContent', { documentId: 'D-100' }), continueOnFail: true },
			items: [fileItem({ scan: { bytes: FILE_BYTES, mimeType: 'image/png' } })],
		});
		expect(result.items).toEqual([
			{
				json: {
					error: 'The request body needs a file in the binary field "data" of the incoming item, and there is none',
					description: 'The item has binary fields "scan". Put the file into "data", or set the input that names the field.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('preview shows the files a body is made of, without reading them', async () => {
		const result = await runGeneric(connectorCall('uploadDocument', { folderId: 'F-1', title: 'T' }, { options: { preview: true } }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			method: 'POST',
			url: `${DOCS}/api/folders/F-1/documents`,
			headers: { 'Content-Type': 'multipart/form-data', 'X-API-Key': '******' },
			body: { fields: [{ name: 'title', value: 'T' }], files: [{ name: 'file', binaryProperty: 'data' }] },
		});
	});
});

describe('downloads into binary data', () => {
	const binaryBytes = async (item: INodeExecutionData, property = 'data') => {
		const data = item.binary?.[property];
		expect(data).toBeDefined();
		return Buffer.from(data?.data ?? '', 'base64');
	};

	test('the file, its name from Content-Disposition and its type; JSON says what arrived', async () => {
		nock(DOCS, { reqheaders: { accept: '*/*', 'x-api-key': API_KEY } })
			.get('/api/documents/D-100/content')
			.reply(200, FILE_BYTES, {
				'Content-Type': 'application/pdf',
				'Content-Disposition': `attachment; filename="plain.pdf"; filename*=UTF-8''Vertrag%20%C3%BC.pdf`,
			});
		const result = await runGeneric(connectorCall('downloadDocument', { documentId: 'D-100' }));
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toEqual({ fileName: 'Vertrag ü.pdf', mimeType: 'application/pdf', size: 260 });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary?.data).toMatchObject({ fileName: 'Vertrag ü.pdf', mimeType: 'application/pdf', fileExtension: 'pdf' });
		expect(await binaryBytes(item)).toEqual(FILE_BYTES);
	});

	test('no Content-Disposition: the URL path names the file; the output field is configurable', async () => {
		nock(DOCS).get('/api/documents/D-7/content').reply(200, FILE_BYTES, { 'Content-Type': 'image/png' });
		const result = await runGeneric(connectorCall('downloadDocument', { documentId: 'D-7' }, { options: { binaryPropertyName: 'scan' } }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ fileName: 'content', mimeType: 'image/png', size: 260 });
		expect(Object.keys(result.items[0].binary ?? {})).toEqual(['scan']);
		expect(await binaryBytes(result.items[0], 'scan')).toEqual(FILE_BYTES);
	});

	test('Max File Size: an announced or an arriving size above it fails with a clear message', async () => {
		const big = Buffer.alloc(2 * 1024 * 1024, 7);
		nock(DOCS).get('/api/documents/D-1/content').reply(200, big, { 'Content-Type': 'application/zip', 'Content-Length': String(big.length) });
		const announced = await runGeneric(connectorCall('downloadDocument', { documentId: 'D-1' }, { options: { maxFileSize: 1 } }));
		expect(announced.error?.message).toBe('The file "content" is larger than the Max File Size of 1 MB (the API announced 2 MB)');
		nock(DOCS)
			.get('/api/documents/D-2/content')
			.reply(200, () => big, { 'Content-Type': 'application/zip', 'Content-Disposition': 'attachment; filename="big.zip"' });
		const streamed = await runGeneric(connectorCall('downloadDocument', { documentId: 'D-2' }, { options: { maxFileSize: 1.5 } }));
		expect(streamed.error?.message).toBe('The file "big.zip" is larger than the Max File Size of 1.5 MB (more than 1.5 MB arrived)');
		nock(DOCS).get('/api/documents/D-3/content').reply(200, big, { 'Content-Type': 'application/zip' });
		const fits = await runGeneric(connectorCall('downloadDocument', { documentId: 'D-3' }, { options: { maxFileSize: 2 } }));
		expect(fits.error).toBeUndefined();
		expect(fits.items[0].json.size).toBe(big.length);
	});

	test("an error status is read as text and mapped with the endpoint's errors", async () => {
		nock(DOCS).get('/api/documents/D-404/content').reply(404, { message: 'gone fishing' });
		const result = await runGeneric(connectorCall('downloadDocument', { documentId: 'D-404' }));
		expect(result.error?.message).toBe(`No document with this ID. The API said: "gone fishing" (404 Not Found: GET ${DOCS}/api/documents/D-404/content)`);
	});

	test('the generated node downloads too, and its file goes on to the next step', async () => {
		nock(DOCS).get('/api/documents/D-100/content').reply(200, FILE_BYTES, { 'Content-Type': 'application/pdf' });
		const result = await runGeneric({ operation: 'downloadDocument', documentId: 'D-100' }, [{}], connectorNodeNames(documentStore).typeName);
		expect(result.error).toBeUndefined();
		expect(await binaryBytes(result.items[0])).toEqual(FILE_BYTES);
	});
});

// ---------------------------------------------------------------------------------------------
// Dropdowns filled from the API: optionsFrom

describe('optionsFrom: inputs filled from another endpoint', () => {
	const folderPage = (data: IDataObject[], nextCursor: string | null) => ({ data, nextCursor });
	const FOLDERS = [
		{ id: 'F-1', name: 'Contracts', path: '/Contracts' },
		{ id: 'F-2', name: 'Invoices', path: '/Finance/Invoices' },
		{ id: 'F-3', name: 'Inbox', path: '/Inbox' },
	];
	const generatedType = connectorNodeNames(documentStore).typeName;
	const search = (node: { type: string; parameters: INodeParameters }, method: string, path: string, filter?: string, paginationToken?: string) =>
		runListSearch({
			nodeTypes: [DataConnector, generatedNode()],
			credentialTypes: [DataConnectorApiKeyApi],
			credentials,
			node,
			method,
			path,
			filter,
			paginationToken,
		});
	const generatedSearch = (filter?: string, paginationToken?: string) =>
		search(
			{ type: generatedType, parameters: { operation: 'uploadDocument', folderId: { __rl: true, mode: 'list', value: '' } } },
			'listChoicesOf_folderId',
			'parameters.folderId',
			filter,
			paginationToken,
		);

	test('the validator checks the listing endpoint, its inputs, the templates and the URL pattern', () => {
		const definition = (optionsFrom: IDataObject) => ({
			key: 'x',
			name: 'X',
			categories: ['Test'],
			baseUrl: 'https://x.example.com',
			endpoints: [
				{ key: 'list', name: 'List', path: '/things', inputs: [{ name: 'q' }] },
				{ key: 'write', name: 'Write', method: 'POST', path: '/things' },
				{ key: 'use', name: 'Use', path: '/use/{{ inputs.thing }}', inputs: [{ name: 'thing', optionsFrom }, { name: 'other' }] },
			],
		});
		const problems = (optionsFrom: IDataObject) => validateDefinition(definition(optionsFrom)).problems;
		expect(problems({ endpoint: 'list', search: 'q', inputs: { q: '{{ inputs.other }}' }, urlPattern: '/things/([^/]+)' })).toEqual([]);
		expect(problems({ endpoint: 'nope' })).toEqual([
			{ path: '/endpoints/2/inputs/0/optionsFrom/endpoint', message: 'there is no endpoint "nope"; the endpoints are list, write, use' },
		]);
		expect(problems({ endpoint: 'write' })).toEqual([
			{ path: '/endpoints/2/inputs/0/optionsFrom/endpoint', message: '"write" is a POST endpoint; choices are listed with GET endpoints only' },
		]);
		expect(problems({ endpoint: 'list', search: 'term', inputs: { zz: '{{ inputs.missing }}', q: '{{ item.id }}' }, urlPattern: '/things/.+' })).toEqual([
			{ path: '/endpoints/2/inputs/0/optionsFrom/search', message: '"list" has no input "term"' },
			{ path: '/endpoints/2/inputs/0/optionsFrom/inputs/zz', message: '"list" has no input "zz"' },
			{ path: '/endpoints/2/inputs/0/optionsFrom/inputs/zz', message: '{{ inputs.missing }}: endpoint "use" has no input "missing"' },
			{ path: '/endpoints/2/inputs/0/optionsFrom/inputs/q', message: '{{ item.id }}: choices can read inputs and settings only, not the item (there is none in the editor)' },
			{ path: '/endpoints/2/inputs/0/optionsFrom/urlPattern', message: 'must have a group, e.g. "/folders/([^/]+)": its first group is the value' },
		]);
		expect(problems({ endpoint: 'list', urlPattern: '([' })).toEqual([
			{ path: '/endpoints/2/inputs/0/optionsFrom/urlPattern', message: 'is not a valid regular expression' },
		]);
	});

	test('generated node: a resource locator with From List, By ID and By URL, and its list method', () => {
		const description = new (generatedNode())().description;
		const folder = description.properties.find((property) => property.name === 'folderId');
		expect(folder).toMatchObject({ type: 'resourceLocator', required: true, default: { mode: 'list', value: '' } });
		expect(folder?.modes?.map((mode) => [mode.name, mode.type])).toEqual([
			['list', 'list'],
			['id', 'string'],
			['url', 'string'],
		]);
		expect(folder?.modes?.[0].typeOptions).toEqual({ searchListMethod: 'listChoicesOf_folderId', searchable: true, searchFilterRequired: false });
		expect(folder?.modes?.[2]).toMatchObject({ extractValue: { type: 'regex', regex: '^https://docs\\.example\\.com/folders/([^/?#]+)' } });
		const node = new (generatedNode())();
		expect(Object.keys(node.methods?.listSearch ?? {})).toEqual(['listChoicesOf_folderId']);
	});

	test('From List: choices with the builder\'s credential, paged by the listing endpoint\'s cursor', async () => {
		nock(DOCS, { reqheaders: { 'x-api-key': API_KEY } })
			.get('/api/folders')
			.reply(200, folderPage(FOLDERS.slice(0, 2), 'c2'))
			.get('/api/folders')
			.query({ cursor: 'c2' })
			.reply(200, folderPage(FOLDERS.slice(2), null));
		const first = await generatedSearch();
		expect(first.results).toEqual([
			{ name: 'Contracts', value: 'F-1', description: '/Contracts' },
			{ name: 'Invoices', value: 'F-2', description: '/Finance/Invoices' },
		]);
		expect(typeof first.paginationToken).toBe('string');
		const second = await generatedSearch(undefined, first.paginationToken as string);
		expect(second).toEqual({ results: [{ name: 'Inbox', value: 'F-3', description: '/Inbox' }] });
	});

	test('search text goes to the listing endpoint\'s search input', async () => {
		nock(DOCS).get('/api/folders').query({ q: 'inv' }).reply(200, folderPage([FOLDERS[1]], null));
		expect(await generatedSearch('inv')).toEqual({ results: [{ name: 'Invoices', value: 'F-2', description: '/Finance/Invoices' }] });
	});

	test('an API error is thrown as a node error with the endpoint\'s message (the editor shows it in the dropdown)', async () => {
		nock(DOCS).get('/api/folders').reply(401, { message: 'key expired' });
		await expect(generatedSearch()).rejects.toMatchObject({
			name: 'NodeApiError',
			message: expect.stringContaining(`(401 Unauthorized: GET ${DOCS}/api/folders)`),
		});
		expect(JSON.stringify(await generatedSearch().catch((error: unknown) => String(error)))).not.toContain(API_KEY);
	});

	test('a page token cannot send the credential to another host', async () => {
		const foreign = Buffer.from(JSON.stringify({ u: 'https://evil.example.net/api/folders', q: [], p: 1, r: 2 })).toString('base64url');
		await expect(generatedSearch(undefined, foreign)).rejects.toThrow("The page token of the list does not lead to the connector's host; open the list again");
	});

	test('generic node and trigger: "Inputs From Lists" and Output only once an endpoint is chosen, lists only for connectors with dropdown inputs', () => {
		const shown = (type: new () => INodeType, parameters: INodeParameters) => {
			const { description } = new type();
			return description.properties
				.filter((property) => NodeHelpers.displayParameter({ mode: 'connector', ...parameters }, property, { typeVersion: 1 }, description))
				.map((property) => property.name);
		};
		for (const type of [DataConnector, DataConnectorTrigger]) {
			expect(shown(type, { connector: '', endpoint: '' })).not.toContain('listedInputs');
			expect(shown(type, { connector: 'documentStore', endpoint: '' })).not.toContain('listedInputs');
			expect(shown(type, { connector: 'documentStore', endpoint: 'listDocuments' })).toContain('listedInputs');
			expect(shown(type, { connector: 'orderService', endpoint: 'listOrders' })).not.toContain('listedInputs');
			// A registry connector may have dropdown inputs: offered once its endpoint is chosen.
			expect(shown(type, { connector: 'someRegistryConnector', endpoint: 'list' })).toContain('listedInputs');
		}
		expect(shown(DataConnector, { connector: '', endpoint: '' })).not.toContain('output');
		expect(shown(DataConnector, { connector: 'documentStore', endpoint: 'getDocument' })).toContain('output');
	});

	test('generic node: "Inputs From Lists" lists the inputs with choices and searches for the entry\'s own input', async () => {
		nock(DOCS).get('/api/folders').query({ q: 'con' }).reply(200, folderPage([FOLDERS[0]], null));
		// The editor sends every parameter, hidden ones included (the connector's authentication).
		const parameters = connectorCall('listDocuments', {}, {
			authentication: 'apiKey',
			listedInputs: { entries: [{ input: 'folderId', value: { __rl: true, mode: 'list', value: '' } }] },
		});
		const result = await search({ type: 'dataConnector', parameters }, 'searchListedInput', 'parameters.listedInputs.entries[0].value', 'con');
		expect(result).toEqual({ results: [{ name: 'Contracts', value: 'F-1', description: '/Contracts' }] });
	});

	test('running: a picked value, an ID or a link fills the input; the generic node\'s pick wins over Inputs', async () => {
		nock(DOCS)
			.get('/api/folders/F-2/documents')
			.reply(200, { data: [] })
			.get('/api/folders/F-3/documents')
			.reply(200, { data: [] })
			.get('/api/folders/F-1/documents')
			.reply(200, { data: [] });
		const generated = connectorNodeNames(documentStore).typeName;
		const byList = await runGeneric({ operation: 'listDocuments', folderId: { __rl: true, mode: 'list', value: 'F-2' } }, [{}], generated);
		expect(byList.error).toBeUndefined();
		const byUrl = await runGeneric(
			{ operation: 'listDocuments', folderId: { __rl: true, mode: 'url', value: 'https://docs.example.com/folders/F-3?view=grid' } },
			[{}],
			generated,
		);
		expect(byUrl.error).toBeUndefined();
		const generic = await runGeneric(
			connectorCall('listDocuments', { folderId: 'F-9' }, { listedInputs: { entries: [{ input: 'folderId', value: { __rl: true, mode: 'id', value: 'F-1' } }] } }),
		);
		expect(generic.error).toBeUndefined();
	});

	test('a pick given by expression is read for each item (the fixed-value cache never serves the first item\'s pick)', async () => {
		nock(DOCS).get('/api/folders/F-4/documents').reply(200, { data: [] }).get('/api/folders/F-5/documents').reply(200, { data: [] });
		const result = await runGeneric(
			connectorCall('listDocuments', {}, { listedInputs: { entries: [{ input: 'folderId', value: { __rl: true, mode: 'id', value: '={{ $json.folder }}' } }] } }),
			[{ folder: 'F-4' }, { folder: 'F-5' }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('a link that does not match the pattern is an error naming the input', async () => {
		const result = await runGeneric(
			{ operation: 'listDocuments', folderId: { __rl: true, mode: 'url', value: 'https://elsewhere.example.com/x' } },
			[{}],
			connectorNodeNames(documentStore).typeName,
		);
		expect(result.error?.message).toBe('The link given for "Folder" is not one this connector understands: https://elsewhere.example.com/x');
	});
});
