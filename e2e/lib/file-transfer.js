/* global URL */
/**
 * Files through the real n8n (issue #19 point 5): the packaged Document Store connector downloads a
 * file from one local server (`response.format: "binary"`) and uploads it to another, as a
 * multipart part taken from the item's binary field and as a raw binary body. The receiving server
 * parses the multipart body with busboy and compares SHA-256, size, file name and content type
 * with the file the first server sent: a few hundred KB of bytes that are not valid UTF-8.
 *
 *   source  GET  /api/documents/D-100/content   the file, Content-Disposition with a UTF-8 name
 *           GET  /api/folders?q=                 the folder list behind the "Folder" dropdowns
 *                                                (the editor's browser case e2e/editor/dropdowns.js);
 *                                                q=restricted is refused (403), for the error shown
 *           GET  /api/folders/{id}/documents     a folder's documents
 *   target  POST /api/folders/F-1/documents      multipart: title field + file part
 *           PUT  /api/documents/D-200/content    raw body
 * Both check their own API key (X-API-Key).
 */
const crypto = require('crypto');
const http = require('http');
const busboy = require('busboy');
const { test, section, assert } = require('./harness');

const FILE_NAME = 'Quarterly report ü.pdf';
const MIME_TYPE = 'application/pdf';
const SOURCE_KEY = 'docs-source-key';
const TARGET_KEY = 'docs-target-key';

/** 300 KB of fixed pseudo-random bytes: every byte value, invalid UTF-8 sequences among them. */
function fileBytes() {
	const blocks = [Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80, 0xbf])];
	let block = Buffer.from('e2e file transfer');
	while (Buffer.concat(blocks).length < 300 * 1024) {
		block = crypto.createHash('sha256').update(block).digest();
		blocks.push(block);
	}
	return Buffer.concat(blocks).subarray(0, 300 * 1024);
}

const sha256 = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');

function listen(handler) {
	const server = http.createServer(handler);
	return new Promise((resolve, reject) => {
		server.listen(0, '127.0.0.1', () =>
			resolve({
				url: `http://127.0.0.1:${server.address().port}`,
				close: () => new Promise((done) => (server.closeAllConnections?.(), server.close(() => done()))),
			}),
		);
		server.once('error', reject);
	});
}

const json = (res, status, body) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

/** The source's folders and their documents, as the Document Store API lists them. */
const FOLDERS = [
	{ id: 'F-1', name: 'Contracts', path: '/Contracts' },
	{ id: 'F-2', name: 'Invoices', path: '/Finance/Invoices' },
	{ id: 'F-3', name: 'Marketing', path: '/Marketing' },
	{ id: 'F-4', name: 'Human Resources', path: '/HR' },
];
const DOCUMENTS = {
	'F-1': [{ id: 'D-100', name: FILE_NAME, size: 300 * 1024, mimeType: MIME_TYPE }],
	'F-2': [
		{ id: 'D-201', name: 'Invoice 2026-001.pdf', size: 48_213, mimeType: MIME_TYPE },
		{ id: 'D-202', name: 'Invoice 2026-002.pdf', size: 51_007, mimeType: MIME_TYPE },
	],
	'F-3': [{ id: 'D-301', name: 'Launch plan.docx', size: 20_480, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }],
	'F-4': [],
};

/** GET /api/folders and GET /api/folders/{id}/documents, or false for another route. */
function folderRoutes(req, res) {
	const url = new URL(req.url, 'http://localhost');
	if (req.method !== 'GET') return false;
	if (url.pathname === '/api/folders') {
		const search = (url.searchParams.get('q') ?? '').toLowerCase();
		if (search === 'restricted') return json(res, 403, { message: 'Searching restricted folders is not allowed' });
		return json(res, 200, { data: FOLDERS.filter((folder) => folder.name.toLowerCase().includes(search)), nextCursor: null });
	}
	const match = /^\/api\/folders\/([^/]+)\/documents$/.exec(url.pathname);
	if (!match) return false;
	const folder = FOLDERS.find((candidate) => candidate.id === decodeURIComponent(match[1]));
	if (!folder) return json(res, 404, { message: 'no such folder' });
	return json(res, 200, { data: DOCUMENTS[folder.id].map((document) => ({ ...document, folder: { id: folder.id, name: folder.name } })) });
}

async function startSource(bytes) {
	const requests = [];
	const server = await listen((req, res) => {
		requests.push({ method: req.method, url: req.url, key: req.headers['x-api-key'] });
		if (req.headers['x-api-key'] !== SOURCE_KEY) return json(res, 401, { error: 'unauthorized' });
		if (folderRoutes(req, res) !== false) return undefined;
		if (req.method !== 'GET' || req.url !== '/api/documents/D-100/content') return json(res, 404, { error: 'not found' });
		res.writeHead(200, {
			'Content-Type': MIME_TYPE,
			'Content-Length': bytes.length,
			'Content-Disposition': `attachment; filename="Quarterly report.pdf"; filename*=UTF-8''${encodeURIComponent(FILE_NAME)}`,
		});
		res.end(bytes);
	});
	return { ...server, requests };
}

async function startTarget() {
	const received = [];
	const server = await listen((req, res) => {
		if (req.headers['x-api-key'] !== TARGET_KEY) return json(res, 401, { error: 'unauthorized' });
		if (req.method === 'POST' && req.url === '/api/folders/F-1/documents') {
			const upload = { kind: 'multipart', contentType: req.headers['content-type'], fields: {}, files: [] };
			const parser = busboy({ headers: req.headers, defParamCharset: 'utf8' });
			parser.on('field', (name, value) => (upload.fields[name] = value));
			parser.on('file', (name, stream, info) => {
				const chunks = [];
				stream.on('data', (chunk) => chunks.push(chunk));
				stream.on('end', () => {
					const data = Buffer.concat(chunks);
					upload.files.push({ name, fileName: info.filename, mimeType: info.mimeType, size: data.length, sha256: sha256(data) });
				});
			});
			parser.on('close', () => {
				received.push(upload);
				const [file] = upload.files;
				json(res, 201, { id: 'D-300', name: file?.fileName, size: file?.size, mimeType: file?.mimeType, title: upload.fields.title });
			});
			parser.on('error', (error) => json(res, 400, { error: error.message }));
			return req.pipe(parser);
		}
		if (req.method === 'PUT' && req.url === '/api/documents/D-200/content') {
			const chunks = [];
			req.on('data', (chunk) => chunks.push(chunk));
			req.on('end', () => {
				const data = Buffer.concat(chunks);
				received.push({ kind: 'raw', contentType: req.headers['content-type'], size: data.length, sha256: sha256(data) });
				json(res, 200, { id: 'D-200', name: 'replaced', size: data.length, mimeType: req.headers['content-type'] });
			});
			return undefined;
		}
		json(res, 404, { error: 'not found' });
	});
	return { ...server, received };
}

async function fileTransferCase({ kit, trigger, cleanups }) {
	const bytes = fileBytes();
	const source = await startSource(bytes);
	cleanups.push(() => source.close());
	const target = await startTarget();
	cleanups.push(() => target.close());
	const credential = (id, name, apiKey, url) =>
		kit.credential(id, name, 'dataConnectorApiKeyApi', { apiKey, keyLocation: '', keyName: '', baseUrl: `${url}/api`, allowUnauthorizedCerts: false });
	const creds = {
		source: credential('e2eDocsSource001', 'E2E Document Store (source)', SOURCE_KEY, source.url),
		target: credential('e2eDocsTarget001', 'E2E Document Store (target)', TARGET_KEY, target.url),
	};
	const dc = (name, endpoint, inputs, cred) => kit.dataConnector(name, { connector: 'documentStore', endpoint, inputs, credential: cred });
	const workflow = kit.workflow({
		id: 'e2eFileTransfer1',
		name: 'E2E: download a file from one server, upload it to another (multipart and raw)',
		nodes: [
			kit.manualTrigger(),
			dc('Download Document', 'downloadDocument', { documentId: 'D-100' }, creds.source),
			dc('Upload Document', 'uploadDocument', { folderId: 'F-1', title: 'Transferred by n8n', binaryProperty: 'data' }, creds.target),
			dc('Replace Document Content', 'replaceDocumentContent', { documentId: 'D-200', binaryProperty: 'data' }, creds.target),
		],
		links: [...kit.chain(trigger, 'Download Document', 'Upload Document'), ['Download Document', 'Replace Document Content']],
	});

	async function afterCredentials({ run }) {
		section('Files: download from one server, upload to another (Document Store connector)');
		const expected = { size: bytes.length, sha256: sha256(bytes) };
		let execution;
		await test('the download becomes the item\'s binary field, named from Content-Disposition (UTF-8), with its type and size', async () => {
			execution = await run(workflow, 'success');
			const [item] = execution.items('Download Document');
			assert.deepEqual(item.json, { fileName: FILE_NAME, mimeType: MIME_TYPE, size: bytes.length });
			assert.equal(item.binary?.data?.fileName, FILE_NAME);
			assert.equal(item.binary?.data?.mimeType, MIME_TYPE);
			assert.equal(source.requests.length, 1);
		});
		await test('multipart upload: the file part arrives byte-identical (sha256), with its file name and type, the title as a field', async () => {
			assert.ok(execution, 'the workflow did not run');
			const uploads = target.received.filter((upload) => upload.kind === 'multipart');
			assert.equal(uploads.length, 1);
			const [upload] = uploads;
			assert.match(upload.contentType, /^multipart\/form-data; boundary=/);
			assert.deepEqual(upload.fields, { title: 'Transferred by n8n' });
			assert.deepEqual(upload.files, [{ name: 'file', fileName: FILE_NAME, mimeType: MIME_TYPE, ...expected }]);
			assert.deepEqual(execution.json('Upload Document'), [{ id: 'D-300', name: FILE_NAME, size: bytes.length, type: MIME_TYPE }]);
		});
		await test('raw upload: the body is the file, byte-identical (sha256), with the file\'s content type', async () => {
			const raws = target.received.filter((upload) => upload.kind === 'raw');
			assert.deepEqual(raws, [{ kind: 'raw', contentType: MIME_TYPE, ...expected }]);
		});
	}

	// The source, for the editor's browser case of the Folder dropdowns (e2e/editor/dropdowns.js).
	const editor = { documentStore: { baseUrl: `${source.url}/api`, apiKey: SOURCE_KEY, requests: source.requests } };
	return { credentials: Object.values(creds), workflows: [workflow], afterCredentials, editor };
}

module.exports = { fileTransferCase, fileBytes };
