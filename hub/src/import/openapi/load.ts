/**
 * Reading an OpenAPI document: JSON or YAML (YAML is a superset of JSON, but JSON.parse is much
 * faster on the large JSON specs), then which version it is. Anything that is not Swagger 2.0 or
 * OpenAPI 3.0/3.1 is refused with the reason.
 */
import { parse as parseYaml } from 'yaml';
import { ImportRefusal } from '../report';

export type SpecVersion = '2.0' | '3.0' | '3.1';
export type Json = Record<string, unknown>;

export interface LoadedSpec {
	version: SpecVersion;
	document: Json;
}

export function parseDocument(text: string, source = 'the document'): unknown {
	const trimmed = text.replace(/^\uFEFF/, '').trimStart();
	if (trimmed.startsWith('{')) {
		try {
			return JSON.parse(trimmed);
		} catch (error) {
			throw new ImportRefusal(`${source} is not valid JSON: ${(error as Error).message}`);
		}
	}
	try {
		// Specs use anchors and merge keys; uniqueKeys off: some real specs repeat a key, the last wins as in JSON.
		return parseYaml(trimmed, { maxAliasCount: -1, merge: true, uniqueKeys: false });
	} catch (error) {
		throw new ImportRefusal(`${source} is neither valid JSON nor valid YAML: ${(error as Error).message.split('\n')[0]}`);
	}
}

export function loadSpec(text: string, source?: string): LoadedSpec {
	const document = parseDocument(text, source);
	if (document === null || typeof document !== 'object' || Array.isArray(document)) {
		throw new ImportRefusal(`${source ?? 'the document'} is not an OpenAPI document (no object at the top)`);
	}
	const spec = document as Json;
	const declared = String(spec.openapi ?? spec.swagger ?? '');
	let version: SpecVersion;
	if (spec.swagger !== undefined) {
		if (!declared.startsWith('2.')) throw new ImportRefusal(`Swagger version ${declared} is not supported (2.0, OpenAPI 3.0 and 3.1 are)`);
		version = '2.0';
	} else if (/^3\.0(\.|$)/.test(declared)) version = '3.0';
	else if (/^3\.1(\.|$)/.test(declared)) version = '3.1';
	else if (declared) throw new ImportRefusal(`OpenAPI version ${declared} is not supported (2.0, 3.0 and 3.1 are)`);
	else throw new ImportRefusal(`${source ?? 'the document'} is not an OpenAPI document: it has neither "openapi" nor "swagger" at the top`);
	if (!spec.paths || typeof spec.paths !== 'object') {
		if (spec.webhooks) throw new ImportRefusal('the document describes only webhooks (no "paths"): there is no operation to call');
		throw new ImportRefusal('the document has no "paths": there is no operation to import');
	}
	return { version, document: spec };
}
