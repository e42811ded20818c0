import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import {
	connectorSchema,
	crossDefinitionProblems,
	DefinitionError,
	parseDefinition,
	parseDefinitionText,
	validateDefinition,
} from '../src';
import { connectorJsonSchema } from '../src/definition/json-schema';

const fixtures = join(__dirname, 'fixtures', 'definitions');
const base = JSON.parse(readFileSync(join(fixtures, 'base.json'), 'utf8')) as Record<string, unknown>;

interface Case {
	name: string;
	set?: Record<string, unknown>;
	remove?: string[];
	expect: string[];
}
const cases = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8')) as Case[];

/** Applies JSON-pointer edits to a deep copy of the base definition. */
function patched(edit: Case): unknown {
	const document = structuredClone(base);
	const walk = (pointer: string): [Record<string, unknown>, string] => {
		const segments = pointer.split('/').slice(1);
		let target = document as Record<string, unknown>;
		for (const segment of segments.slice(0, -1)) target = target[segment] as Record<string, unknown>;
		return [target, segments[segments.length - 1]];
	};
	for (const [pointer, value] of Object.entries(edit.set ?? {})) {
		const [target, last] = walk(pointer);
		target[last] = value;
	}
	for (const pointer of edit.remove ?? []) {
		const [target, last] = walk(pointer);
		delete target[last];
	}
	return document;
}

describe('connector definitions', () => {
	it('accepts the base fixture and fills in defaults', () => {
		const definition = parseDefinition(base, 'orders.json');
		expect(definition.status).toBe('live');
		expect(definition.verifyTls).toBe(true);
		expect(definition.endpoints[1].purpose).toBe('List');
		expect(definition.endpoints[1].method).toBe('GET');
		expect(definition.endpoints[1].response).toEqual({ format: 'json', split: true });
	});

	it.each(cases.map((c) => [c.name, c] as const))('rejects %s with file and path', (_name, edit) => {
		const document = patched(edit);
		let error: unknown;
		try {
			parseDefinition(document, 'orders.json');
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(DefinitionError);
		expect((error as DefinitionError).message.split('\n')).toEqual(edit.expect);
	});

	it('reports invalid JSON with the file name', () => {
		expect(() => parseDefinitionText('{ "key": ', 'broken.json')).toThrow(/^broken\.json: \/: not valid JSON/);
	});

	it('requires names and keys to be unique across definitions', () => {
		const one = parseDefinition(base, 'a.json');
		const two = parseDefinition({ ...base, name: 'ORDERS' }, 'b.json');
		expect(crossDefinitionProblems([{ source: 'a.json', definition: one }, { source: 'b.json', definition: two }])).toEqual([
			'b.json: /key: key "orders" is already used by a.json',
			'b.json: /name: name "orders" is already used by a.json',
		]);
	});

	describe('example connectors', () => {
		const folder = join(__dirname, '..', 'connectors');
		const files = readdirSync(folder).filter((file) => file.endsWith('.json'));

		it('ships at least three examples, one of them using OAuth2', () => {
			expect(files.length).toBeGreaterThanOrEqual(3);
			const auths = files.map((file) => (JSON.parse(readFileSync(join(folder, file), 'utf8')) as { auth?: { type: string } }).auth?.type);
			expect(auths.some((type) => type?.startsWith('oauth2'))).toBe(true);
		});

		it.each(files)('%s is valid and has sample data for every endpoint', (file) => {
			const result = validateDefinition(JSON.parse(readFileSync(join(folder, file), 'utf8')));
			expect(result.problems).toEqual([]);
			if (!result.ok) return;
			for (const endpoint of result.definition.endpoints) {
				const required = endpoint.inputs.filter((input) => input.required && input.default === undefined);
				for (const input of required) expect(endpoint.sampleData ?? {}).toHaveProperty([input.name]);
			}
		});
	});

	it('publishes a JSON Schema that matches the zod schema', () => {
		const committed = JSON.parse(readFileSync(join(__dirname, '..', 'schema', 'connector.schema.json'), 'utf8')) as unknown;
		expect(committed).toEqual(connectorJsonSchema());
		expect(connectorSchema.description).toBeTruthy();
	});
});
