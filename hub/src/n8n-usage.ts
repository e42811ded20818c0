/**
 * Which workflows use a connector, asked from n8n's public API (the registry's n8nApiSource) with
 * the API key from the hub's configuration. Node's fetch; nothing of the answer is logged.
 */
import { n8nApiSource, type UsageSource } from './runtime';

export function n8nUsageSource(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = fetch): UsageSource {
	return n8nApiSource(baseUrl, async (url) => {
		const response = await fetchImpl(url, { headers: { 'X-N8N-API-KEY': apiKey, Accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
		return { status: response.status, body: await response.text() };
	});
}
