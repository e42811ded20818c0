/**
 * A Postman collection (v2.0 or v2.1) walked into a flat list of requests, each with the folder
 * path it sits in and the auth it inherits (collection -> folder -> request). v2.0 writes auth
 * parameters as objects ({ token: "…" }), v2.1 as lists ([{ key: "token", value: "…" }]); both
 * are read the same way.
 */
import { ImportRefusal } from '../report';

export type Json = Record<string, unknown>;

export interface PostmanAuth {
	type: string;
	params: Record<string, string>;
}

export interface PostmanRequest {
	folders: string[];
	name: string;
	request: Json;
	auth?: PostmanAuth;
	/** Names of scripts (pre-request, test) on the request and the folders above it. */
	scripts: string[];
}

export interface PostmanCollection {
	name: string;
	description?: string;
	variables: Map<string, string>;
	requests: PostmanRequest[];
	collectionScripts: string[];
}

export function text(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (value && typeof value === 'object' && typeof (value as Json).content === 'string') return (value as Json).content as string;
	return undefined;
}

function authOf(node: unknown): PostmanAuth | undefined {
	if (!node || typeof node !== 'object') return undefined;
	const auth = node as Json;
	const type = String(auth.type ?? '');
	if (!type) return undefined;
	const raw = auth[type];
	const params: Record<string, string> = {};
	if (Array.isArray(raw)) for (const entry of raw as Json[]) params[String(entry.key)] = String(entry.value ?? '');
	else if (raw && typeof raw === 'object') for (const [key, value] of Object.entries(raw)) params[key] = String(value ?? '');
	return { type, params };
}

function scriptsOf(node: Json): string[] {
	const events = Array.isArray(node.event) ? (node.event as Json[]) : [];
	return events
		.filter((event) => {
			const exec = (event.script as Json | undefined)?.exec;
			return Array.isArray(exec) ? exec.some((line) => String(line).trim()) : typeof exec === 'string' && exec.trim() !== '';
		})
		.map((event) => String(event.listen ?? 'script'));
}

function walk(items: unknown, folders: string[], inherited: PostmanAuth | undefined, scripts: string[], out: PostmanRequest[]): void {
	if (!Array.isArray(items)) return;
	for (const item of items as Json[]) {
		if (!item || typeof item !== 'object') continue;
		const own = authOf(item.request && typeof item.request === 'object' ? (item.request as Json).auth : item.auth);
		const auth = !own || own.type === 'inherit' ? inherited : own;
		const name = String(item.name ?? 'Request');
		const here = [...scripts, ...scriptsOf(item)];
		if (Array.isArray(item.item)) walk(item.item, [...folders, name], auth, here, out);
		else if (item.request !== undefined) {
			const request = typeof item.request === 'string' ? { url: item.request, method: 'GET' } : (item.request as Json);
			out.push({ folders, name, request, auth, scripts: here });
		}
	}
}

export function readCollection(document: unknown): PostmanCollection {
	if (!document || typeof document !== 'object') throw new ImportRefusal('not a Postman collection: the file holds no JSON object');
	const collection = document as Json;
	const info = collection.info as Json | undefined;
	if (!info || !Array.isArray(collection.item)) {
		throw new ImportRefusal('not a Postman collection v2.0/v2.1: it needs "info" and "item" (export the collection as "Collection v2.1")');
	}
	const schema = String(info.schema ?? '');
	if (schema && !/collection\/v2\.[01]/.test(schema)) throw new ImportRefusal(`Postman collection schema ${schema} is not supported (v2.0 and v2.1 are)`);
	const variables = new Map<string, string>();
	for (const variable of (Array.isArray(collection.variable) ? collection.variable : []) as Json[]) {
		if (variable && variable.disabled !== true && typeof variable.key === 'string') variables.set(variable.key, String(variable.value ?? ''));
	}
	const requests: PostmanRequest[] = [];
	walk(collection.item, [], authOf(collection.auth), [], requests);
	return {
		name: String(info.name ?? ''),
		description: text(info.description),
		variables,
		requests,
		collectionScripts: scriptsOf(collection),
	};
}
