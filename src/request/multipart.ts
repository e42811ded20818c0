/**
 * multipart/form-data bodies (RFC 7578), encoded byte for byte here so the package needs no
 * form-data library. Pure: parts in, bytes out.
 *
 * - Field names and file names are quoted the way browsers do it (WHATWG HTML, "multipart/form-data
 *   encoding algorithm"): `"` becomes %22, CR %0D, LF %0A; other characters, non-ASCII included,
 *   are sent as UTF-8.
 * - The boundary is derived from the content (a SHA-256 over every part), so the same parts always
 *   give the same bytes (tests and retries compare exactly) and the boundary cannot occur in the
 *   content by chance; it is checked anyway.
 */
import { createHash } from 'crypto';

export type MultipartPart =
	| { name: string; value: string }
	| { name: string; fileName: string; contentType: string; data: Uint8Array };

const CRLF = '\r\n';

function quote(text: string): string {
	return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function partHead(part: MultipartPart): string {
	if (!('data' in part)) return `Content-Disposition: form-data; name="${quote(part.name)}"${CRLF}${CRLF}`;
	// A part's Content-Type is one header line: a line break in it would start a new header.
	const contentType = part.contentType.replace(/[\r\n]/g, ' ');
	return (
		`Content-Disposition: form-data; name="${quote(part.name)}"; filename="${quote(part.fileName)}"${CRLF}` +
		`Content-Type: ${contentType}${CRLF}${CRLF}`
	);
}

function partBytes(part: MultipartPart): Buffer {
	return 'data' in part ? Buffer.from(part.data.buffer, part.data.byteOffset, part.data.byteLength) : Buffer.from(part.value, 'utf8');
}

/** A boundary that occurs in no part: derived from the parts, so stable for the same content. */
export function multipartBoundary(parts: MultipartPart[]): string {
	const hash = createHash('sha256');
	for (const part of parts) {
		hash.update(partHead(part));
		hash.update(partBytes(part));
	}
	const digest = hash.digest('hex');
	for (let attempt = 0; ; attempt++) {
		const boundary = `----DataConnectorBoundary${attempt ? `${attempt}x` : ''}${digest.slice(0, 32)}`;
		if (!parts.some((part) => partBytes(part).includes(boundary) || partHead(part).includes(boundary))) return boundary;
	}
}

export interface EncodedMultipart {
	body: Buffer;
	/** `multipart/form-data; boundary=...`, the header value the body needs. */
	contentType: string;
}

export function encodeMultipart(parts: MultipartPart[], boundary = multipartBoundary(parts)): EncodedMultipart {
	const chunks: Buffer[] = [];
	for (const part of parts) {
		chunks.push(Buffer.from(`--${boundary}${CRLF}${partHead(part)}`, 'utf8'), partBytes(part), Buffer.from(CRLF, 'utf8'));
	}
	chunks.push(Buffer.from(`--${boundary}--${CRLF}`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
