/**
 * Reading a JSON request body: only `application/json`, at most `limit` bytes (counted while
 * reading, so an oversized body is refused without buffering it), parsed with the position of the
 * first syntax error in the message.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

function tooLarge(limit: number): HttpError {
	return new HttpError(413, 'body-too-large', `The request body is larger than the hub accepts (${limit} bytes); a connector definition is far smaller`);
}

export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
	const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	const declared = Number(request.headers['content-length'] ?? 0);
	if (declared > limit) {
		request.resume();
		throw tooLarge(limit);
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) {
			request.resume();
			throw tooLarge(limit);
		}
		chunks.push(chunk);
	}
	if (size === 0) throw new HttpError(400, 'body-missing', 'This request needs a JSON body');
	if (type !== 'application/json') {
		throw new HttpError(415, 'unsupported-media-type', `Send the body as JSON with "Content-Type: application/json" (got "${type || 'none'}")`);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new HttpError(400, 'malformed-json', `The request body is not valid JSON: ${(error as Error).message}`);
	}
}
