/** A request spec as a curl command line, for pasting into a terminal. Secrets are already masked. */
import type { PrintableRequest } from '../redact';

const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export function toCurl(request: PrintableRequest, verifyTls: boolean): string {
	const parts = ['curl', '-X', request.method];
	if (!verifyTls) parts.push('--insecure');
	for (const [name, value] of Object.entries(request.headers)) parts.push('-H', quote(`${name}: ${value}`));
	if (request.body !== undefined && request.body !== null) {
		parts.push('--data-raw', quote(typeof request.body === 'string' ? request.body : JSON.stringify(request.body)));
	}
	parts.push(quote(request.url));
	return parts.join(' ');
}
