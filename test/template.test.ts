/**
 * The template language, rule by rule (see the headers of src/template/parse.ts and render.ts), as
 * tables: template in, parts / value / error out. Request-level behaviour lives in the fixtures of
 * test/request.test.ts.
 */
import { parseTemplate, placeholdersOf, referenceText, TemplateSyntaxError } from '../src/template/parse';
import { renderDeep, renderHeaderValue, renderPath, renderValue, type TemplateContext, TemplateError } from '../src/template/render';

function context(fields: Partial<TemplateContext> = {}): TemplateContext {
	return { inputs: {}, item: {}, settings: {}, required: new Set(), endpoint: 'shop/op', ...fields };
}

function caught(action: () => unknown): Error {
	try {
		action();
	} catch (error) {
		if (error instanceof Error) return error;
		throw new Error(`threw a non-Error: ${String(error)}`);
	}
	throw new Error('expected an error');
}

describe('parseTemplate', () => {
	const placeholder = (source: string, root: string, path: Array<string | number>, ...fallback: unknown[]) => ({
		kind: 'placeholder',
		placeholder: { source, root, path, hasDefault: fallback.length > 0, ...(fallback.length ? { default: fallback[0] } : {}) },
	});

	it.each<[string, unknown[]]>([
		['plain text', [{ kind: 'text', text: 'plain text' }]],
		['{ not: "a template" }', [{ kind: 'text', text: '{ not: "a template" }' }]],
		['{{ inputs.orderId }}', [placeholder('{{ inputs.orderId }}', 'inputs', ['orderId'])]],
		['{{inputs.orderId}}', [placeholder('{{inputs.orderId}}', 'inputs', ['orderId'])]],
		['{{ item }}', [placeholder('{{ item }}', 'item', [])]],
		['{{ item.lines[0].sku }}', [placeholder('{{ item.lines[0].sku }}', 'item', ['lines', 0, 'sku'])]],
		['{{ item.grid[1][12] }}', [placeholder('{{ item.grid[1][12] }}', 'item', ['grid', 1, 12])]],
		['{{ item[0] }}', [placeholder('{{ item[0] }}', 'item', [0])]],
		['{{ item.order-id }}', [placeholder('{{ item.order-id }}', 'item', ['order-id'])]],
		['{{ settings.apiVersion }}', [placeholder('{{ settings.apiVersion }}', 'settings', ['apiVersion'])]],
		[
			'/orders/{{ inputs.id }}/lines',
			[{ kind: 'text', text: '/orders/' }, placeholder('{{ inputs.id }}', 'inputs', ['id']), { kind: 'text', text: '/lines' }],
		],
		['{{ inputs.a }}{{ inputs.b }}', [placeholder('{{ inputs.a }}', 'inputs', ['a']), placeholder('{{ inputs.b }}', 'inputs', ['b'])]],
		// Inline defaults: JSON literals and single-quoted text.
		['{{ inputs.x ?? 50 }}', [placeholder('{{ inputs.x ?? 50 }}', 'inputs', ['x'], 50)]],
		['{{inputs.x??-1.5}}', [placeholder('{{inputs.x??-1.5}}', 'inputs', ['x'], -1.5)]],
		['{{ inputs.x ?? true }}', [placeholder('{{ inputs.x ?? true }}', 'inputs', ['x'], true)]],
		['{{ inputs.x ?? false }}', [placeholder('{{ inputs.x ?? false }}', 'inputs', ['x'], false)]],
		['{{ inputs.x ?? null }}', [placeholder('{{ inputs.x ?? null }}', 'inputs', ['x'], null)]],
		['{{ inputs.x ?? "EUR" }}', [placeholder('{{ inputs.x ?? "EUR" }}', 'inputs', ['x'], 'EUR')]],
		["{{ inputs.x ?? 'EUR' }}", [placeholder("{{ inputs.x ?? 'EUR' }}", 'inputs', ['x'], 'EUR')]],
		["{{ inputs.x ?? '' }}", [placeholder("{{ inputs.x ?? '' }}", 'inputs', ['x'], '')]],
		["{{ inputs.x ?? 'a ?? b' }}", [placeholder("{{ inputs.x ?? 'a ?? b' }}", 'inputs', ['x'], 'a ?? b')]],
		["{{ inputs.x ?? 'say \"hi\"' }}", [placeholder("{{ inputs.x ?? 'say \"hi\"' }}", 'inputs', ['x'], 'say "hi"')]],
	])('%s', (template, parts) => {
		expect(parseTemplate(template)).toEqual(parts);
	});

	it.each<[string, string]>([
		// Only inputs, item and settings exist: no credentials, environment or code.
		['{{ credentials.apiKey }}', 'refers to "credentials"'],
		['{{ env.HOME }}', 'refers to "env"'],
		['{{ process.env }}', 'refers to "process"'],
		['{{ process.env.HOME }}', 'refers to "process"'],
		['{{ $json.id }}', 'refers to "$json"'],
		['{{ this.x }}', 'refers to "this"'],
		['{{ constructor }}', 'refers to "constructor"'],
		['{{ Inputs.a }}', 'refers to "Inputs"'],
		// A root that is not item must name a field.
		['{{ inputs }}', 'must name a field'],
		['{{ settings }}', 'must name a field'],
		['{{ inputs ?? 1 }}', 'must name a field'],
		// Not a reference at all.
		['{{ }}', 'is not a valid placeholder'],
		['{{ inputs.a b }}', 'is not a valid placeholder'],
		['{{ inputs.a + 1 }}', 'is not a valid placeholder'],
		["{{ inputs['a'] }}", 'is not a valid placeholder'],
		['{{ inputs.a() }}', 'is not a valid placeholder'],
		["{{ item.a.constructor.constructor('return process')() }}", 'is not a valid placeholder'],
		['{{ item.lines[-1] }}', 'is not a valid placeholder'],
		['{{ item.lines[a] }}', 'is not a valid placeholder'],
		['{{ item..a }}', 'is not a valid placeholder'],
		['{{ inputs.a | upper }}', 'is not a valid placeholder'],
		['{{ `${inputs.a}` }}', 'is not a valid placeholder'],
		// Bad defaults.
		['{{ inputs.x ?? }}', 'invalid default'],
		['{{ inputs.x ?? EUR }}', 'invalid default'],
		["{{ inputs.x ?? 'it's' }}", 'invalid default'],
		["{{ inputs.x ?? 'unterminated }}", 'invalid default'],
		['{{ inputs.x ?? [1] }}', 'invalid default'],
		['{{ inputs.x ?? {} }}', 'invalid default'],
		['{{ inputs.x ?? inputs.y }}', 'invalid default'],
		['{{ inputs.x ?? 1 ?? 2 }}', 'invalid default'],
		// Unbalanced braces.
		['{{ inputs.a', 'unbalanced'],
		['inputs.a }}', 'unbalanced'],
		['{{ inputs.a }} }}', 'unbalanced'],
		['{{ inputs.a }} {{', 'unbalanced'],
		['{{ {{ inputs.a }} }}', 'is not a valid placeholder'],
		['{{{ inputs.a }}}', 'is not a valid placeholder'],
	])('%s is a TemplateSyntaxError (%s)', (template, message) => {
		const error = caught(() => parseTemplate(template));
		expect(error).toBeInstanceOf(TemplateSyntaxError);
		expect(error.name).toBe('TemplateSyntaxError');
		expect(error.message).toContain(message);
	});

	it('lists placeholders and writes references for messages', () => {
		const placeholders = placeholdersOf('{{ inputs.a }} and {{ item.lines[0].sku ?? 1 }} and {{ item }}');
		expect(placeholders.map(referenceText)).toEqual(['inputs.a', 'item.lines[0].sku', 'item']);
	});
});

describe('renderValue', () => {
	const inputs = { n: 5, s: 'text', t: true, f: false, z: 0, empty: '', nul: null, obj: { id: 1 }, arr: [1, 2] };
	const item = { customer: { name: 'Ann', tags: ['vip'] }, lines: [{ sku: 'A-1' }], empty: '', nul: null };
	const ctx = context({ inputs, item, settings: { apiVersion: '2024-01', pageSize: 25 } });

	it.each<[string, unknown]>([
		['no template', 'no template'],
		['', ''],
		// Rule 1: a lone placeholder keeps its type.
		['{{ inputs.n }}', 5],
		['{{ inputs.t }}', true],
		['{{ inputs.f }}', false],
		['{{ inputs.z }}', 0],
		['{{ inputs.s }}', 'text'],
		['{{ inputs.obj }}', { id: 1 }],
		['{{ inputs.arr }}', [1, 2]],
		['{{item}}', item],
		['{{ settings.pageSize }}', 25],
		// Rule 1/3: missing, null and "" resolve to nothing.
		['{{ inputs.missing }}', undefined],
		['{{ inputs.nul }}', undefined],
		['{{ inputs.empty }}', undefined],
		['{{ item.nul }}', undefined],
		['{{ item.empty }}', undefined],
		// Rule 2: inside text everything is text; missing values and null are "".
		[' {{ inputs.n }}', ' 5'],
		['n={{ inputs.n }}&t={{ inputs.t }}&f={{ inputs.f }}&z={{ inputs.z }}', 'n=5&t=true&f=false&z=0'],
		['a{{ inputs.nul }}b{{ inputs.missing }}c{{ inputs.empty }}d', 'abcd'],
		['{{ inputs.n }}{{ inputs.s }}', '5text'],
		['v{{ settings.apiVersion }}', 'v2024-01'],
		// Item paths.
		['{{ item.customer.name }}', 'Ann'],
		['{{ item.customer.tags[0] }}', 'vip'],
		['{{ item.lines[0].sku }}', 'A-1'],
		['{{ item.lines[1].sku }}', undefined],
		['{{ item.customer.name.first }}', undefined],
		['{{ item.customer.tags.0 }}', 'vip'],
		// Rule 3: inline defaults replace missing values only.
		['{{ inputs.missing ?? 5 }}', 5],
		['{{ inputs.nul ?? "d" }}', 'd'],
		["{{ inputs.empty ?? 'd' }}", 'd'],
		['{{ inputs.z ?? 5 }}', 0],
		['{{ inputs.f ?? true }}', false],
		['{{ inputs.missing ?? null }}', undefined],
		["{{ inputs.missing ?? '' }}", undefined],
		['limit={{ inputs.missing ?? 50 }}', 'limit=50'],
		['{{ item.lines[3].sku ?? "none" }}', 'none'],
		// Own fields only: prototype members are not reachable.
		['{{ item.constructor }}', undefined],
		['{{ item.__proto__ }}', undefined],
		['{{ item.toString }}', undefined],
		['{{ item.hasOwnProperty }}', undefined],
		['{{ item.customer.constructor }}', undefined],
		['{{ item.lines.constructor }}', undefined],
		['{{ item.lines.map }}', undefined],
		['{{ inputs.constructor }}', undefined],
		['{{ settings.constructor }}', undefined],
		['{{ item.__proto__.polluted ?? "safe" }}', 'safe'],
		['x{{ item.constructor }}y', 'xy'],
		['x{{ item.__proto__ }}y', 'xy'],
	])('%s', (template, value) => {
		expect(renderValue(template, ctx, 'test')).toEqual(value);
	});

	it.each<[string, string[]]>([
		['id={{ inputs.obj }}', ['{{ inputs.obj }}', 'is an object', 'id={{ inputs.obj }}', 'shop/op', '{{ inputs.obj.id }}']],
		['{{ inputs.arr }} items', ['{{ inputs.arr }}', 'is an array', 'shop/op']],
		['Customer {{ item.customer }}', ['{{ item.customer }}', 'is an object', 'shop/op', '{{ item.customer.id }}']],
		['{{ item.lines }}!', ['{{ item.lines }}', 'is an array']],
		['{{ item }} ', ['{{ item }}', 'is an object']],
	])('%s inside text is a TemplateError naming the placeholder', (template, parts) => {
		const error = caught(() => renderValue(template, ctx, 'body.note'));
		expect(error).toBeInstanceOf(TemplateError);
		expect(error.name).toBe('TemplateError');
		for (const part of parts) expect(error.message).toContain(part);
		expect(error.message).toContain('body.note');
	});

	it.each<[string, Record<string, unknown>, unknown]>([
		['{{ inputs.req }}', {}, 'error'],
		['{{ inputs.req }}', { req: '' }, 'error'],
		['{{ inputs.req }}', { req: null }, 'error'],
		['x {{ inputs.req }}', {}, 'error'],
		['{{ inputs.req ?? 1 }}', {}, 1],
		['{{ inputs.req }}', { req: 0 }, 0],
	])('rule 4: required input %s given %j', (template, given, expected) => {
		const run = () => renderValue(template, context({ inputs: given, required: new Set(['req']) }), 'query parameter "q"');
		if (expected !== 'error') {
			expect(run()).toEqual(expected);
			return;
		}
		const error = caught(run);
		expect(error).toBeInstanceOf(TemplateError);
		expect(error.message).toContain('Missing required input "req"');
		expect(error.message).toContain('{{ inputs.req');
		expect(error.message).toContain('"shop/op"');
		expect((error as TemplateError).placeholder).toMatch(/^\{\{ inputs\.req/);
	});
});

describe('renderDeep (JSON bodies)', () => {
	it('keeps types, leaves out missing object fields, keeps array positions with null', () => {
		const ctx = context({ inputs: { n: 5, name: 'Ann' } });
		const template = {
			n: '{{ inputs.n }}',
			gone: '{{ inputs.missing }}',
			list: ['{{ inputs.missing }}', '{{ inputs.n }}', 1, null, false],
			nested: { name: 'Hi {{ inputs.name }}', gone: '{{ inputs.missing }}', keep: null },
			literal: 1.5,
		};
		expect(renderDeep(template, ctx, 'body')).toEqual({
			n: 5,
			list: [null, 5, 1, null, false],
			nested: { name: 'Hi Ann', keep: null },
			literal: 1.5,
		});
		expect('gone' in (renderDeep(template, ctx, 'body') as object)).toBe(false);
	});

	it('names the field of a bad value', () => {
		const error = caught(() => renderDeep({ a: { b: ['x', 'id {{ item.o }}'] } }, context({ item: { o: { id: 1 } } }), 'body'));
		expect(error.message).toContain('body.a.b[1]');
	});
});

describe('renderPath', () => {
	it.each<[unknown, string]>([
		['simple', '/files/simple/meta'],
		['a/b', '/files/a%2Fb/meta'],
		['a?b', '/files/a%3Fb/meta'],
		['a#b', '/files/a%23b/meta'],
		['user@evil.example', '/files/user%40evil.example/meta'],
		['a%2Fb', '/files/a%252Fb/meta'],
		['two words', '/files/two%20words/meta'],
		['Müller/漢字', '/files/M%C3%BCller%2F%E6%BC%A2%E5%AD%97/meta'],
		['../..', '/files/..%2F../meta'],
		['a.b', '/files/a.b/meta'],
		['...', '/files/.../meta'],
		['.hidden', '/files/.hidden/meta'],
		['a\\b', '/files/a%5Cb/meta'],
		['a\r\nb', '/files/a%0D%0Ab/meta'],
		[0, '/files/0/meta'],
		[42.5, '/files/42.5/meta'],
		[false, '/files/false/meta'],
	])('value %j becomes one segment: %s', (value, path) => {
		expect(renderPath('/files/{{ inputs.v }}/meta', context({ inputs: { v: value } }))).toBe(path);
	});

	it('keeps the author\'s text and a path without placeholders as written', () => {
		expect(renderPath('/a/b-{{ inputs.v }}.json', context({ inputs: { v: 'x y' } }))).toBe('/a/b-x%20y.json');
		expect(renderPath('/static/path', context())).toBe('/static/path');
	});

	it.each<[unknown, string]>([
		['.', 'is "."'],
		['..', 'is ".."'],
		['', 'has no value'],
		[null, 'has no value'],
		[undefined, 'has no value'],
		[{ id: 1 }, 'is an object'],
		[['a'], 'is an array'],
	])('value %j is a TemplateError (%s)', (value, message) => {
		const error = caught(() => renderPath('/files/{{ inputs.v }}', context({ inputs: { v: value } })));
		expect(error).toBeInstanceOf(TemplateError);
		expect(error.message).toContain(message);
		expect(error.message).toContain('{{ inputs.v }}');
		expect(error.message).toContain('shop/op');
	});
});

describe('renderHeaderValue', () => {
	it.each<[string, unknown, string | undefined]>([
		['plain', undefined, 'plain'],
		['{{ inputs.v }}', 'text', 'text'],
		['{{ inputs.v }}', 5, '5'],
		['{{ inputs.v }}', true, 'true'],
		['{{ inputs.v }}', false, 'false'],
		['{{ inputs.v }}', 0, '0'],
		['{{ inputs.v }}', undefined, undefined],
		['{{ inputs.v }}', '', undefined],
		['{{ inputs.v }}', null, undefined],
		['Token-ish {{ inputs.v }}', undefined, 'Token-ish '],
		['{{ inputs.v ?? "en" }}', undefined, 'en'],
		['a\tb {{ inputs.v }}', 'c', 'a\tb c'],
	])('%s with %j is %j', (template, value, expected) => {
		expect(renderHeaderValue(template, 'X-Test', context({ inputs: { v: value } }))).toBe(expected);
	});

	it.each<[string, unknown, string]>([
		['{{ inputs.v }}', 'a\r\nX-Evil: 1', 'line break'],
		['{{ inputs.v }}', 'a\nb', 'line break'],
		['{{ inputs.v }}', 'a\rb', 'line break'],
		['x-{{ inputs.v }}', '\n', 'line break'],
		['literal\r\nX-Evil: 1', undefined, 'line break'],
		['{{ inputs.v }}', { a: 1 }, 'cannot be a header value'],
		['{{ inputs.v }}', ['a'], 'cannot be a header value'],
		['list {{ inputs.v }}', ['a'], 'is an array'],
	])('%s with %j is a TemplateError (%s)', (template, value, message) => {
		const error = caught(() => renderHeaderValue(template, 'X-Test', context({ inputs: { v: value } })));
		expect(error).toBeInstanceOf(TemplateError);
		expect(error.message).toContain(message);
		expect(error.message).toContain('header "X-Test"');
		expect(error.message).toContain('shop/op');
	});
});
