/**
 * Parsing of the template language. A template is a string with placeholders:
 *
 *   {{ inputs.orderId }}          an endpoint input
 *   {{ item.customer.email }}     a field of the upstream item's JSON (dots and [n] indexes)
 *   {{ settings.apiVersion }}     a non-secret connector setting
 *   {{ inputs.limit ?? 50 }}      an inline default, used when the value is missing or empty
 *
 * Nothing else is understood: no expressions, no function calls, no credentials, no environment.
 * The grammar is small on purpose so that a definition can never run code.
 */

export const TEMPLATE_ROOTS = ['inputs', 'item', 'settings'] as const;
export type TemplateRoot = (typeof TEMPLATE_ROOTS)[number];

export interface Placeholder {
	/** The placeholder as written, e.g. "{{ inputs.limit ?? 50 }}"; used in error messages. */
	source: string;
	root: TemplateRoot;
	/** Path below the root: ["customer", "email"] or ["lines", 0]. */
	path: Array<string | number>;
	hasDefault: boolean;
	default?: unknown;
}

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'placeholder'; placeholder: Placeholder };

export class TemplateSyntaxError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TemplateSyntaxError';
	}
}

const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;
const REFERENCE = /^([A-Za-z_$][\w$]*)((?:\.[A-Za-z0-9_$-]+|\[\d+\])*)$/;
const SEGMENT = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]/g;

const cache = new Map<string, TemplatePart[]>();

/** True when the string contains at least one "{{". Cheap check for the hot path. */
export function isTemplate(value: string): boolean {
	return value.includes('{{');
}

/** Splits a template into text and placeholders. Results are cached: definitions are reused per item. */
export function parseTemplate(template: string): TemplatePart[] {
	const cached = cache.get(template);
	if (cached) return cached;
	const parts: TemplatePart[] = [];
	let last = 0;
	for (const match of template.matchAll(PLACEHOLDER)) {
		const index = match.index ?? 0;
		if (index > last) parts.push({ kind: 'text', text: template.slice(last, index) });
		parts.push({ kind: 'placeholder', placeholder: parsePlaceholder(match[0], match[1]) });
		last = index + match[0].length;
	}
	if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) });
	for (const part of parts) {
		if (part.kind === 'text' && (part.text.includes('{{') || part.text.includes('}}'))) {
			throw new TemplateSyntaxError(`unbalanced "{{" or "}}" in template "${template}"`);
		}
	}
	if (cache.size > 5000) cache.clear();
	cache.set(template, parts);
	return parts;
}

/** All placeholders of a template, for validation. */
export function placeholdersOf(template: string): Placeholder[] {
	return parseTemplate(template).flatMap((part) => (part.kind === 'placeholder' ? [part.placeholder] : []));
}

function parsePlaceholder(source: string, inner: string): Placeholder {
	const [referenceText, ...defaultParts] = inner.split('??');
	const reference = referenceText.trim();
	const match = REFERENCE.exec(reference);
	if (!match) {
		throw new TemplateSyntaxError(
			`${source} is not a valid placeholder: write {{ inputs.name }}, {{ item.path.to.value }} or {{ settings.name }}`,
		);
	}
	const root = match[1];
	if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) {
		throw new TemplateSyntaxError(
			`${source} refers to "${root}", which templates cannot read; only inputs, item and settings are available`,
		);
	}
	const path: Array<string | number> = [];
	for (const segment of match[2].matchAll(SEGMENT)) {
		path.push(segment[1] !== undefined ? segment[1] : Number(segment[2]));
	}
	if (root !== 'item' && path.length === 0) {
		throw new TemplateSyntaxError(`${source} must name a field, e.g. {{ ${root}.name }}`);
	}
	const placeholder: Placeholder = { source, root: root as TemplateRoot, path, hasDefault: false };
	if (defaultParts.length > 0) {
		placeholder.hasDefault = true;
		placeholder.default = parseDefault(source, defaultParts.join('??').trim());
	}
	return placeholder;
}

/** Defaults are JSON literals (50, true, null, "text") or single-quoted strings ('text'). */
function parseDefault(source: string, text: string): unknown {
	if (/^'[^']*'$/.test(text)) return text.slice(1, -1);
	try {
		const value: unknown = JSON.parse(text);
		if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
	} catch {
		// fall through to the error below
	}
	throw new TemplateSyntaxError(
		`${source} has an invalid default: use a number, true, false, null or a quoted string such as 'EUR'`,
	);
}

/** "inputs.customer.email" / "item.lines[0]" for messages. */
export function referenceText(placeholder: Placeholder): string {
	return placeholder.path.reduce<string>(
		(text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}.${segment}`),
		placeholder.root,
	);
}
