/**
 * The connector's base URL: --base-url, else the first server (3.x, variables at their defaults)
 * or scheme + host + basePath (2.0). A relative or missing server gets a placeholder host, reported,
 * because the spec does not say where the API lives.
 */
import type { ImportReport } from '../report';
import type { Json, LoadedSpec } from './load';

export const PLACEHOLDER_HOST = 'https://api.example.com';

/** "https://{region}.example.com/{version}" with the variables' defaults (or first enum value). */
export function serverUrl(server: Json): string | undefined {
	if (typeof server.url !== 'string') return undefined;
	const variables = (server.variables ?? {}) as Record<string, Json>;
	return server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
		const variable = variables[name];
		const value = variable?.default ?? (Array.isArray(variable?.enum) ? variable.enum[0] : undefined);
		return value === undefined ? whole : String(value);
	});
}

function absolute(url: string, report: ImportReport, where: string): string {
	if (/\{[^}]*\}/.test(url)) report.approximated(where, `server URL ${url} has variables without a default: replaced by a placeholder`);
	const cleaned = url.replace(/\{[^}]*\}/g, 'example');
	if (/^https?:\/\//i.test(cleaned)) return cleaned.replace(/\/+$/, '');
	if (cleaned.startsWith('//')) return `https:${cleaned}`.replace(/\/+$/, '');
	const path = cleaned.startsWith('/') ? cleaned : `/${cleaned}`;
	report.approximated(where, `the spec gives no absolute server URL: the base URL is ${PLACEHOLDER_HOST}${path === '/' ? '' : path}; set the real one (edit the draft, or pass --base-url)`);
	return `${PLACEHOLDER_HOST}${path}`.replace(/\/+$/, '');
}

export function baseUrlOf(spec: LoadedSpec, override: string | undefined, report: ImportReport): string {
	if (override) return override.replace(/\/+$/, '');
	const document = spec.document;
	if (spec.version === '2.0') {
		const schemes = (Array.isArray(document.schemes) ? document.schemes : []) as string[];
		const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
		const basePath = typeof document.basePath === 'string' ? document.basePath : '';
		if (typeof document.host !== 'string') return absolute(basePath || '/', report, 'spec host');
		return absolute(`${scheme}://${document.host}${basePath}`, report, 'spec host');
	}
	const servers = (Array.isArray(document.servers) ? document.servers : []) as Json[];
	const first = servers.map(serverUrl).find((url): url is string => Boolean(url));
	if (servers.length > 1) report.note('servers', `${servers.length} servers listed: the first (${first}) is the base URL; a credential's Base URL Override can point at another`);
	return absolute(first ?? '/', report, 'servers');
}
