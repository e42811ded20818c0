/**
 * The Connector Studio's files (hub/studio/: plain ES modules, CSS and an HTML page; no build and
 * nothing from a CDN) served by the hub at "/" beside the API. Only GET and HEAD of known file
 * types under that folder; the page's Content-Security-Policy allows this origin only, so the
 * Studio works offline and cannot load or send anything elsewhere.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';

/** hub/studio, from hub/src/studio (ts-jest) and from hub/dist/studio (the built hub) alike. */
export const STUDIO_FOLDER = resolve(__dirname, '..', '..', 'studio');

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
};

const SECURITY_HEADERS = {
	'Content-Security-Policy':
		"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'X-Frame-Options': 'DENY',
};

/** Plain names only: no "..", no encoded characters, no hidden files. */
const SAFE_PATH = /^\/(?:[a-zA-Z0-9_-][a-zA-Z0-9_.-]*\/)*[a-zA-Z0-9_-][a-zA-Z0-9_.-]*$/;

export function studioFiles(folder: string = STUDIO_FOLDER) {
	return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
		if (request.method !== 'GET' && request.method !== 'HEAD') return false;
		const path = (request.url ?? '/').split('?')[0];
		const file = path === '/' ? '/index.html' : path;
		const type = TYPES[extname(file)];
		if (!type || !SAFE_PATH.test(file) || file.split('/').some((segment) => segment.startsWith('.'))) return false;
		let content: Buffer;
		try {
			content = await readFile(join(folder, ...file.split('/').filter(Boolean)));
		} catch {
			return false;
		}
		response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(content.length), 'Cache-Control': 'no-cache' });
		response.end(request.method === 'HEAD' ? undefined : content);
		return true;
	};
}
