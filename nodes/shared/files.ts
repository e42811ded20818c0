/**
 * Files in and out, on n8n's binary data:
 *   upload    a multipart or binary body names files by binary property; their bytes and names are
 *             read from the item here (n8n's assertBinaryData / getBinaryDataBuffer, which exist on
 *             n8n 1.x and 2.x) and encoded once per item, so a retry sends the very same bytes;
 *   download  a 2xx answer of a "binary" endpoint arrives as a stream and goes straight into
 *             n8n's binary data (prepareBinaryData), counted on the way so a size limit can stop it.
 */
import { type IBinaryData, type IExecuteFunctions, NodeOperationError } from 'n8n-workflow';
import { encodeMultipart, type FileBody, type FileReference, type MultipartPart } from '../../src';
import type { ByteStream, Payload } from './send';


const OCTET_STREAM = 'application/octet-stream';

interface LoadedFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

async function loadFile(context: IExecuteFunctions, itemIndex: number, file: FileReference, where: string): Promise<LoadedFile> {
	let meta: IBinaryData;
	try {
		meta = context.helpers.assertBinaryData(itemIndex, file.binaryProperty);
	} catch {
		const available = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
		const description = available.length
			? `The item has binary fields ${available.map((name) => `"${name}"`).join(', ')}. Put the file into "${file.binaryProperty}", or set the input that names the field.`
			: 'The item has no binary data at all. Add a node before this one that reads or downloads the file.';
		throw new NodeOperationError(
			context.getNode(),
			`The ${where} needs a file in the binary field "${file.binaryProperty}" of the incoming item, and there is none`,
			{ itemIndex, description },
		);
	}
	const data = await context.helpers.getBinaryDataBuffer(itemIndex, file.binaryProperty);
	return {
		data,
		fileName: file.fileName || meta.fileName || file.binaryProperty,
		mimeType: file.contentType || meta.mimeType || OCTET_STREAM,
	};
}

/** The bytes of a file body for one item, with the Content-Type they need. */
export async function filePayload(context: IExecuteFunctions, itemIndex: number, body: FileBody): Promise<Payload> {
	if (body.type === 'binary') {
		const file = await loadFile(context, itemIndex, body, 'request body');
		// A Content-Type the definition sets stays; otherwise the file's own type is sent.
		return { body: file.data, contentType: file.mimeType, replaceContentType: false };
	}
	const parts: MultipartPart[] = body.fields.map(([name, value]) => ({ name, value }));
	for (const part of body.files) {
		const file = await loadFile(context, itemIndex, part, `file part "${part.name}"`);
		parts.push({ name: part.name, fileName: file.fileName, contentType: file.mimeType, data: file.data });
	}
	const encoded = encodeMultipart(parts);
	return { body: encoded.body, contentType: encoded.contentType, replaceContentType: true };
}

function megabytes(bytes: number): string {
	return `${Math.round((bytes / 1024 / 1024) * 100) / 100} MB`;
}

/**
 * Stores a downloaded file as n8n binary data. The stream is counted as n8n reads it; past
 * `maxBytes` (0: no limit) it is destroyed and the download fails with a message that says so.
 */
export async function storeDownload(
	context: IExecuteFunctions,
	stream: ByteStream,
	file: { fileName: string; mimeType?: string; declaredBytes?: number },
	maxBytes: number,
): Promise<{ binary: IBinaryData; size: number }> {
	const tooLarge = (size: string) =>
		new NodeOperationError(
			context.getNode(),
			`The file "${file.fileName}" is larger than the Max File Size of ${megabytes(maxBytes)} (${size})`,
			{ description: 'Raise Max File Size in the node\'s options (0 means no limit), or download a smaller file.' },
		);
	if (maxBytes > 0 && file.declaredBytes !== undefined && file.declaredBytes > maxBytes) {
		stream.destroy?.();
		throw tooLarge(`the API announced ${megabytes(file.declaredBytes)}`);
	}
	let size = 0;
	let exceeded = false;
	// The stream is paused before the counter listens, so no chunk flows before n8n's reader is
	// there. A reader that listens for 'data' resumes it ('newListener' fires just before that
	// listener is added; resume() takes effect on the next tick); a reader that pipes or read()s
	// needs no help. Every chunk then passes the counter too: read() emits 'data' as well.
	stream.pause();
	stream.on('data', (chunk: Buffer | string) => {
		size += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
		if (maxBytes > 0 && size > maxBytes && !exceeded) {
			exceeded = true;
			stream.destroy?.(new Error('file too large'));
		}
	});
	const resumeForReader = (event: string | symbol) => {
		if (event !== 'data') return;
		stream.removeListener('newListener', resumeForReader);
		stream.resume();
	};
	stream.on('newListener', resumeForReader);
	try {
		const binary = await context.helpers.prepareBinaryData(stream as unknown as Buffer, file.fileName, file.mimeType);
		return { binary, size };
	} catch (error) {
		if (exceeded) throw tooLarge(`more than ${megabytes(maxBytes)} arrived`);
		throw new NodeOperationError(context.getNode(), error as Error, { description: `The file "${file.fileName}" could not be stored as binary data` });
	}
}
