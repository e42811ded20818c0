/**
 * `data-connectors import postman <collection.json>`: a Postman collection (v2.0/v2.1) becomes a
 * draft connector, one endpoint per request. The most common host is the base URL (requests to
 * other hosts are reported), the most common auth (inherited collection -> folder -> request)
 * the auth type, collection variables settings, other variables and literals inputs.
 */
import { AuthCollector, type AuthInput } from '../credentials';
import { connectorIdentity, type ConnectorNaming } from '../connector-naming';
import { finishDraft } from '../draft';
import { endpointFromLiteral, type EndpointInput } from '../literal-request';
import { KeyScope } from '../names';
import { parseDocument } from '../openapi/load';
import { PLACEHOLDER_HOST } from '../openapi/servers';
import { oneLine } from '../openapi/schema';
import { ImportRefusal, ImportReport, type ImportResult } from '../report';
import { authOf } from './auth';
import { readCollection } from './collection';
import { literalOf, urlOf, type PostmanUrl } from './request';
import { PostmanVariables } from './variables';

export interface PostmanImportOptions extends ConnectorNaming {
	baseUrl?: string;
}

function mostCommon<T>(values: T[], id: (value: T) => string): T | undefined {
	const counts = new Map<string, { value: T; count: number }>();
	for (const value of values) {
		const entry = counts.get(id(value)) ?? { value, count: 0 };
		entry.count++;
		counts.set(id(value), entry);
	}
	return [...counts.values()].sort((a, b) => b.count - a.count)[0]?.value;
}

/** Leading literal path segments every request shares ("/v1"), moved into the base URL. */
function commonPrefix(paths: string[]): string {
	const split = paths.map((path) => path.split('/').filter(Boolean));
	const prefix: string[] = [];
	for (let i = 0; split.length && split.every((segments) => segments.length > i + 1); i++) {
		const segment = split[0][i];
		if (segment.includes('{{') || !split.every((segments) => segments[i] === segment)) break;
		prefix.push(segment);
	}
	return prefix.length ? `/${prefix.join('/')}` : '';
}

export function importPostman(text: string, options: PostmanImportOptions = {}): ImportResult {
	const report = new ImportReport();
	const collection = readCollection(parseDocument(text, 'the collection'));
	if (!collection.requests.length) throw new ImportRefusal('the collection holds no requests');
	const variables = new PostmanVariables(collection.variables, report);
	if (collection.collectionScripts.length) report.dropped('collection', `scripts (${collection.collectionScripts.join(', ')}) are not run by connectors: dropped`);

	const located = collection.requests.map((item) => {
		const where = `request ${[...item.folders, item.name].join('/')}`;
		variables.where = where;
		return { item, where, url: urlOf(item.request, variables, report, where) };
	});
	const origin = options.baseUrl ? new URL(options.baseUrl).origin : mostCommon(located.map((entry) => entry.url.origin).filter((value): value is string => Boolean(value)), String);
	const kept = located.filter((entry) => {
		if (!entry.url.origin || entry.url.origin === origin || options.baseUrl) return true;
		report.dropped(entry.where, `it calls ${entry.url.origin}, not ${origin}: a connector has one host`);
		return false;
	});
	const prefix = options.baseUrl ? '' : commonPrefix(kept.map((entry) => entry.url.path));
	const baseUrl = options.baseUrl?.replace(/\/+$/, '') ?? `${origin ?? PLACEHOLDER_HOST}${prefix}`;
	if (!origin) report.approximated('collection', `no request names a host: the base URL is ${PLACEHOLDER_HOST}; set the real one (edit the draft, or pass --base-url)`);

	const auths = kept.map((entry) => ({ entry, auth: authOf(entry.item.auth, variables) }));
	const chosen = mostCommon(auths.map((entry) => entry.auth).filter((auth): auth is AuthInput => typeof auth !== 'string' && auth.type !== 'none'), (auth) => JSON.stringify(auth));
	const collector = new AuthCollector(report);
	if (chosen) collector.auth = chosen;
	for (const { entry, auth } of auths) {
		if (typeof auth === 'string') report.approximated(entry.where, `${auth}: the request uses the connector's auth ("${chosen?.type ?? 'none'}")`);
		else if (chosen && auth.type !== 'none' && JSON.stringify(auth) !== JSON.stringify(chosen)) report.approximated(entry.where, `its auth "${auth.type}" differs: it uses the connector's auth "${chosen.type}"`);
	}
	if (chosen) report.note('auth', `auth type "${chosen.type}"; the secret was not written: enter it in the n8n credential`);

	const keys = new KeyScope();
	const endpoints: EndpointInput[] = [];
	for (const { item, where, url } of kept) {
		variables.where = where;
		variables.pathSamples = url.pathSamples;
		if (item.scripts.length) report.dropped(where, `scripts (${[...new Set(item.scripts)].join(', ')}) are not run by connectors: dropped`);
		const relative: PostmanUrl = { ...url, path: url.path.slice(prefix.length) || '/' };
		const endpoint = endpointFromLiteral(literalOf(item, relative, report, where), keys, collector, report, variables.mapper);
		if (endpoint) endpoints.push(endpoint);
	}
	const identity = connectorIdentity(collection.name, options);
	const connector = finishDraft(
		{
			...identity,
			description: oneLine(collection.description, 1000) ?? 'Imported from a Postman collection.',
			categories: ['Imported'],
			tags: [...new Set(kept.map((entry) => entry.item.folders[0]).filter((folder): folder is string => Boolean(folder)))].slice(0, 20),
			baseUrl,
			auth: collector.auth,
			settings: variables.settings,
			endpoints,
		},
		report,
	);
	return { connector, report: report.entries, stats: { operations: collection.requests.length, kept: connector.endpoints.length } };
}
