/**
 * Security schemes to the connector's one auth type. The scheme the spec requires globally wins,
 * else the one most operations require. basic, bearer, API key in header or query, OAuth2 password
 * and client-credentials flows map directly; anything else becomes "none" with a warning that
 * says which scheme and why.
 */
import { authSchema } from 'n8n-nodes-data-connectors';
import type { AuthInput } from '../credentials';
import type { ImportReport } from '../report';
import type { Json, LoadedSpec } from './load';
import type { RefResolver } from './refs';
import type { SpecOperation } from './operations';

function schemes(spec: LoadedSpec): Json {
	const document = spec.document;
	if (spec.version === '2.0') return (document.securityDefinitions ?? {}) as Json;
	return ((document.components as Json | undefined)?.securitySchemes ?? {}) as Json;
}

function tokenUrl(url: unknown, baseUrl: string): string | undefined {
	if (typeof url !== 'string' || !url) return undefined;
	try {
		return new URL(url, `${baseUrl}/`).toString();
	} catch {
		return undefined;
	}
}

function scopeOf(scopes: unknown): { scope?: string } {
	return Array.isArray(scopes) && scopes.length ? { scope: scopes.join(' ') } : {};
}

/** Whether the connector format (of the runtime installed) can send an API key as a cookie. */
const COOKIE_KEYS = authSchema.safeParse({ type: 'apiKey', in: 'cookie', name: 'session' }).success;

/** One scheme to an auth type, or a reason why it cannot be one. */
function authOf(scheme: Json, scopes: unknown, baseUrl: string): AuthInput | string {
	const type = String(scheme.type ?? '');
	if (type === 'basic') return { type: 'basic' };
	if (type === 'http') {
		const name = String(scheme.scheme ?? '').toLowerCase();
		if (name === 'basic') return { type: 'basic' };
		if (name === 'bearer') return { type: 'bearer' };
		return `HTTP "${name}" authentication is not supported`;
	}
	if (type === 'apiKey') {
		const name = String(scheme.name ?? '');
		if (!name) return 'the API key scheme has no parameter name';
		if (scheme.in === 'header' || scheme.in === 'query' || (scheme.in === 'cookie' && COOKIE_KEYS)) return { type: 'apiKey', in: scheme.in, name } as AuthInput;
		return `an API key sent in a ${String(scheme.in)} is not supported (header${COOKIE_KEYS ? ', query and cookie are' : ' and query are'})`;
	}
	if (type === 'oauth2') {
		const flows = (scheme.flows ?? {}) as Json;
		const password = (flows.password as Json | undefined)?.tokenUrl ?? (scheme.flow === 'password' ? scheme.tokenUrl : undefined);
		const client = (flows.clientCredentials as Json | undefined)?.tokenUrl ?? (scheme.flow === 'application' ? scheme.tokenUrl : undefined);
		const passwordUrl = tokenUrl(password, baseUrl);
		if (passwordUrl) return { type: 'oauth2PasswordGrant', tokenUrl: passwordUrl, ...scopeOf(scopes) };
		const clientUrl = tokenUrl(client, baseUrl);
		if (clientUrl) return { type: 'oauth2ClientCredentials', tokenUrl: clientUrl, ...scopeOf(scopes) };
		const named = scheme.flow ? [String(scheme.flow)] : Object.keys(flows);
		return `OAuth2 ${named.join('/') || 'without flows'} is not supported (password and client credentials are)`;
	}
	if (type === 'openIdConnect') return 'OpenID Connect is not supported';
	return `security scheme type "${type}" is not supported`;
}

/** Requirement objects in order of preference: the spec's own, then by how many operations use them. */
function candidates(spec: LoadedSpec, operations: SpecOperation[]): Json[] {
	const global = Array.isArray(spec.document.security) ? (spec.document.security as Json[]) : [];
	const counts = new Map<string, { requirement: Json; count: number }>();
	for (const operation of operations) {
		for (const requirement of operation.security ?? []) {
			const id = JSON.stringify(Object.keys(requirement).sort());
			const entry = counts.get(id) ?? { requirement, count: 0 };
			entry.count++;
			counts.set(id, entry);
		}
	}
	const byUse = [...counts.values()].sort((a, b) => b.count - a.count).map((entry) => entry.requirement);
	return [...global, ...byUse];
}

export function authFromSpec(spec: LoadedSpec, operations: SpecOperation[], resolver: RefResolver, baseUrl: string, report: ImportReport): AuthInput {
	const defined = schemes(spec);
	const reasons: string[] = [];
	for (const requirement of candidates(spec, operations)) {
		for (const [name, scopes] of Object.entries(requirement)) {
			const scheme = resolver.resolve(defined[name]);
			if (!scheme) continue;
			const auth = authOf(scheme, scopes, baseUrl);
			if (typeof auth !== 'string') {
				const others = Object.keys(defined).filter((other) => other !== name);
				report.note(`security scheme ${name}`, `became auth type "${auth.type}"${others.length ? ` (also declared: ${others.join(', ')}; a connector has one auth type)` : ''}`);
				return auth;
			}
			reasons.push(`${name}: ${auth}`);
		}
	}
	if (reasons.length) report.approximated('security', `no supported security scheme, auth is "none": ${[...new Set(reasons)].join('; ')}`);
	else if (Object.keys(defined).length) report.note('security', `schemes are declared (${Object.keys(defined).join(', ')}) but no operation requires one: auth is "none"`);
	return { type: 'none' };
}
