/**
 * The plain-data shapes the response core works on. No HTTP library and no n8n types: the same
 * code reads responses inside n8n nodes (Cloud included), in the CLI and in tests.
 */

/** A response as received. The body is the raw text, '' when there was none. */
export interface HttpResponse {
	status: number;
	statusText?: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/** What was sent, for messages. The caller redacts the URL before it gets here. */
export interface RequestSummary {
	method: string;
	url: string;
}

/** One output record; the n8n node turns each into an item's JSON. */
export type ResponseRecord = Record<string, unknown>;

/**
 * A header's value, matched case-insensitively as HTTP requires. Repeated headers arrive as
 * arrays from Node's HTTP client; the first value is the one that counts for the headers we read
 * (Content-Type, Retry-After), which may appear only once.
 */
export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}
