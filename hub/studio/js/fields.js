/**
 * Form fields generated from the connector's JSON Schema (the one the hub publishes in its OpenAPI
 * document, derived from the package's zod schema): every field of the format gets a control, its
 * description as help text, and a slot where the validator's messages for its path appear. The
 * schema decides the control; nothing here decides what is valid.
 */
import { clear, getAt, h, humanize, idFor, pointer, setAt } from './dom.js';

const LABELS = {
	auth: 'Authentication type',
	body: 'Body type',
	pagination: 'Pagination type',
	signature: 'Signature type',
	baseUrl: 'Base URL',
	verifyTls: 'Verify TLS certificates',
	timeoutMs: 'Timeout (ms)',
	tokenUrl: 'Token URL',
	in: 'Send the key in',
	recordsPath: 'Records path',
	sendBody: 'Send the body with GET or DELETE',
	idempotencyKeyHeader: 'Idempotency key header',
	crossOriginRedirects: 'Follow redirects to other hosts',
	requestsPerSecond: 'Requests per second',
	requestsPerMinute: 'Requests per minute',
	baseDelayMs: 'First retry delay (ms)',
	maxDelayMs: 'Longest retry delay (ms)',
	maxAttempts: 'Attempts in all',
	sampleData: 'Sample data',
	sampleResponse: 'Sample response',
	errors: 'Error messages by status',
	keyFields: 'Key fields',
	cursorField: 'Cursor field',
	optionsFrom: 'Choices from another endpoint',
	contentType: 'Content type',
	binaryProperty: 'Binary property',
	startOffset: 'Start offset',
	startPage: 'First page number',
	maxPages: 'Most pages',
	totalPath: 'Total path',
	totalHeader: 'Total header',
	nextUrlPath: 'Next URL path',
	tokenExpiredStatuses: 'Token expired statuses',
	clientAuthentication: 'Client authentication',
	urlPattern: 'URL pattern',
	urlPlaceholder: 'URL placeholder',
	dedupeWindowSeconds: 'Duplicate window (s)',
	maxBodyBytes: 'Largest delivery (bytes)',
	toleranceSeconds: 'Tolerance (s)',
};

/** What a discriminated union's "type" values are called in the form. */
const TYPE_LABELS = {
	none: 'None',
	basic: 'Basic auth (user name and password)',
	bearer: 'Bearer token',
	apiKey: 'API key',
	oauth2PasswordGrant: 'OAuth2 password grant',
	oauth2ClientCredentials: 'OAuth2 client credentials',
	json: 'JSON',
	form: 'Form fields (URL-encoded)',
	raw: 'Raw text with a content type',
	multipart: 'Multipart form with files',
	binary: 'A file (binary data)',
	offset: 'Offset and limit',
	page: 'Page number',
	cursor: 'Cursor',
	nextUrl: 'Next-page URL in the body',
	linkHeader: 'Link header (RFC 8288)',
	hmac: 'HMAC signature',
	token: 'Shared token',
};

/** Singular nouns for "Add …" buttons of arrays. */
const SINGULAR = { headers: 'header', query: 'query parameter', inputs: 'input', options: 'option', endpoints: 'endpoint', events: 'event', files: 'file part', categories: 'category', tags: 'tag', fields: 'field' };

export const labelOf = (name) => LABELS[name] ?? humanize(name);
export const typeLabel = (value) => TYPE_LABELS[value] ?? humanize(value);

const SCALARS = new Set(['string', 'number', 'integer', 'boolean']);
const isScalar = (schema) => SCALARS.has(schema?.type) || Boolean(schema?.enum);

export function kindOf(schema) {
	if (!schema) return 'json';
	if (schema.anyOf) {
		if (schema.anyOf.every((branch) => branch.type === 'object' && branch.properties?.type?.const !== undefined)) return 'union';
		if (schema.anyOf.every(isScalar)) return 'scalar';
		if (schema.anyOf.every((branch) => isScalar(branch) || (branch.type === 'array' && branch.items?.anyOf?.every(isScalar)))) return 'scalar';
		return 'json';
	}
	if (schema.enum) return 'enum';
	if (schema.const !== undefined) return 'const';
	switch (schema.type) {
		case 'string':
			return 'string';
		case 'number':
		case 'integer':
			return 'number';
		case 'boolean':
			return 'boolean';
		case 'array':
			if (schema.items?.type === 'string') return 'list';
			if (schema.items?.type === 'number' || schema.items?.type === 'integer') return 'numberList';
			if (schema.items?.type === 'object' && schema.items.properties) return 'rows';
			return 'json';
		case 'object':
			if (schema.properties) return 'object';
			if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return 'record';
			return 'json';
		default:
			return 'json';
	}
}

/** The branch of a discriminated union that a value takes. */
export function branchOf(schema, value) {
	return schema.anyOf.find((branch) => branch.properties.type.const === value?.type);
}

/** A field: label, control, help and the slot for the validator's messages about `path`. */
function wrap(form, path, { label, control, help, kind, required, inline = false, extraClass = '' }) {
	const id = control?.id || idFor(path);
	const helpId = `${id}-help`;
	const problemId = `${id}-problem`;
	const slot = h('p', { class: 'problem', id: problemId, hidden: true });
	if (control && control.matches?.('input, select, textarea')) {
		control.setAttribute('aria-describedby', [help ? helpId : '', problemId].filter(Boolean).join(' '));
	}
	// The star sits beside the label, not in it: the label stays the field's exact name.
	if (required && control?.matches?.('input, select, textarea')) control.setAttribute('aria-required', 'true');
	const labelElement =
		label === undefined
			? undefined
			: required
				? h('div', { class: 'label-row' }, h('label', { for: id }, label), h('span', { class: 'required', 'aria-hidden': 'true', title: 'Required' }, '*'))
				: h('label', { for: id }, label);
	const wrapper = h(
		'div',
		{ class: `field field-${kind} ${inline ? 'field-inline' : ''} ${extraClass}`.trim(), dataset: { path: pointer(path) } },
		inline ? [control, labelElement] : [labelElement, control],
		help ? h('p', { class: 'help', id: helpId }, help) : undefined,
		slot,
	);
	form.slots.set(pointer(path), { wrapper, slot, control });
	return wrapper;
}

function textValue(value) {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** Keeps the type a value had: "5" stays a number when it was one, a JSON list stays a list. */
function scalarFromText(text, previous) {
	const trimmed = text.trim();
	if (typeof previous === 'number' && trimmed !== '' && !Number.isNaN(Number(trimmed))) return Number(trimmed);
	if (typeof previous === 'boolean' && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
	if (trimmed.startsWith('[')) {
		try {
			const parsed = JSON.parse(trimmed);
			if (Array.isArray(parsed)) return parsed;
		} catch {
			/* text */
		}
	}
	return text;
}

/** Sample values: JSON when the text is JSON (numbers, true, lists), otherwise the text itself. */
export function looseValue(text) {
	const trimmed = text.trim();
	if (trimmed === '') return '';
	if (/^(-?\d+(\.\d+)?|true|false|null|\[.*\]|\{.*\})$/s.test(trimmed)) {
		try {
			return JSON.parse(trimmed);
		} catch {
			/* text */
		}
	}
	return text;
}

function input(form, path, attributes, onInput) {
	return h('input', {
		id: idFor(path),
		disabled: form.readOnly,
		autocomplete: 'off',
		spellcheck: 'false',
		...attributes,
		oninput: (event) => onInput(event.target),
		onblur: () => form.touch(path),
	});
}

const MULTILINE = new Set(['description']);

/**
 * One field for the value at `path`. `options`: label, help, required, rows (textarea height),
 * names (which properties of an object to show), multiline.
 */
export function field(form, schema, path, explicit = {}) {
	// The page may tune a field by its path (a record's column names, a read-only key).
	const options = { ...form.optionsFor?.(path, schema), ...explicit };
	if (options.render) return options.render(form, schema, path, options);
	const name = path[path.length - 1];
	const kind = options.kind ?? kindOf(schema);
	const label = options.label ?? labelOf(name);
	const help = options.help ?? schema?.description;
	const value = getAt(form.doc, path);
	const required = options.required;
	const set = (next, structural = false) => {
		setAt(form.doc, path, next);
		if (structural) form.replace(path, next);
		else form.changed(path);
	};

	switch (kind) {
		case 'const':
			return undefined;
		case 'string': {
			const multiline = options.multiline ?? ((MULTILINE.has(name) || (name === 'value' && path.includes('body'))) && !form.compact);
			const onInput = (target) => set(target.value === '' && !required && schema.default === undefined ? undefined : target.value);
			const control = multiline
				? h('textarea', { id: idFor(path), rows: options.rows ?? 2, disabled: form.readOnly, spellcheck: 'true', oninput: (event) => onInput(event.target), onblur: () => form.touch(path) }, textValue(value))
				: input(form, path, { type: 'text', value: textValue(value), placeholder: options.placeholder ?? (schema.default !== undefined ? String(schema.default) : '') }, onInput);
			if (options.readOnlyValue) control.readOnly = true;
			return wrap(form, path, { label, control, help, kind, required });
		}
		case 'number': {
			const control = input(
				form,
				path,
				{ type: 'number', step: schema.type === 'integer' ? '1' : 'any', min: schema.minimum, max: schema.maximum, value: textValue(value), placeholder: schema.default !== undefined ? String(schema.default) : '' },
				(target) => set(target.value === '' ? undefined : Number(target.value)),
			);
			return wrap(form, path, { label, control, help, kind, required });
		}
		case 'boolean': {
			const control = h('input', {
				type: 'checkbox',
				id: idFor(path),
				disabled: form.readOnly,
				checked: value ?? schema.default ?? false,
				onchange: (event) => {
					set(event.target.checked);
					form.touch(path);
				},
			});
			return wrap(form, path, { label, control, help, kind, inline: true });
		}
		case 'enum': {
			const optional = !required && schema.default === undefined;
			const control = h(
				'select',
				{
					id: idFor(path),
					disabled: form.readOnly,
					onchange: (event) => {
						set(event.target.value === '' ? undefined : event.target.value, options.structural);
						form.touch(path);
					},
				},
				optional ? h('option', { value: '' }, '—') : undefined,
				schema.enum.map((option) => h('option', { value: option, selected: (value ?? schema.default) === option }, options.optionLabel?.(option) ?? String(option))),
			);
			return wrap(form, path, { label, control, help, kind, required });
		}
		case 'scalar': {
			const control = input(form, path, { type: 'text', value: textValue(value), placeholder: options.placeholder ?? '' }, (target) =>
				set(options.loose ? looseValue(target.value) : scalarFromText(target.value, value)),
			);
			return wrap(form, path, { label, control, help, kind, required });
		}
		case 'list':
		case 'numberList': {
			const control = input(form, path, { type: 'text', value: (value ?? []).join(', '), placeholder: options.placeholder ?? (schema.default ? schema.default.join(', ') : '') }, (target) => {
				const parts = target.value.split(',').map((part) => part.trim()).filter(Boolean);
				const items = kind === 'numberList' ? parts.map((part) => (Number.isNaN(Number(part)) ? part : Number(part))) : parts;
				set(items.length || required ? items : undefined);
			});
			return wrap(form, path, { label, control, help: [help, 'Separate several with commas.'].filter(Boolean).join(' '), kind, required });
		}
		case 'union':
			return unionField(form, schema, path, { ...options, label, help, value });
		case 'object':
			return objectField(form, schema, path, { ...options, label, help, value });
		case 'rows':
			return rowsField(form, schema, path, { ...options, label, help, value });
		case 'record':
			return recordField(form, schema, path, { ...options, label, help, value });
		default:
			return jsonField(form, path, { label, help, value, rows: options.rows, required });
	}
}

/** The properties of an object schema as fields, `names` first (in that order), or all of them. */
export function fields(form, schema, path, names) {
	const props = schema.properties ?? {};
	const list = names ?? Object.keys(props);
	const required = new Set(schema.required ?? []);
	return list.filter((name) => props[name]).map((name) => field(form, props[name], [...path, name], { required: required.has(name) && props[name].default === undefined }));
}

function unionField(form, schema, path, { label, help, value, required, none = 'None' }) {
	const optional = !required && schema.default === undefined;
	const current = value ?? schema.default;
	const branch = current ? branchOf(schema, current) : undefined;
	const select = h(
		'select',
		{
			id: idFor([...path, 'type']),
			disabled: form.readOnly,
			onchange: (event) => {
				const type = event.target.value;
				if (!type) return form.replace(path, undefined);
				const next = schema.anyOf.find((candidate) => candidate.properties.type.const === type);
				const kept = { type };
				// Fields the new kind also has are kept (a JSON body's value stays when switching back and forth).
				for (const [field, fieldValue] of Object.entries(value ?? {})) if (field !== 'type' && next.properties[field]) kept[field] = fieldValue;
				form.replace(path, kept);
			},
		},
		optional ? h('option', { value: '' }, none) : undefined,
		schema.anyOf.map((candidate) => {
			const type = candidate.properties.type.const;
			return h('option', { value: type, selected: current?.type === type }, typeLabel(type));
		}),
	);
	const typeField = wrap(form, [...path, 'type'], { label, control: select, help, kind: 'enum', required });
	const rest = branch ? fields(form, branch, path, Object.keys(branch.properties).filter((name) => name !== 'type')) : [];
	return h('div', { class: 'union', dataset: { path: pointer(path) } }, typeField, rest.length ? h('div', { class: 'union-fields' }, rest) : undefined);
}

function objectField(form, schema, path, { label, help, value, required, names, addLabel }) {
	const optional = !required && schema.default === undefined;
	if (value === undefined && optional) {
		return h(
			'div',
			{ class: 'field field-add', dataset: { path: pointer(path) } },
			h('button', { type: 'button', class: 'secondary', disabled: form.readOnly, onclick: () => form.replace(path, {}) }, addLabel ?? `Add ${label.toLowerCase()}`),
			help ? h('p', { class: 'help' }, help) : undefined,
		);
	}
	const legendId = idFor(path, '-legend');
	const group = h(
		'fieldset',
		{ class: 'group', dataset: { path: pointer(path) }, 'aria-labelledby': legendId },
		h(
			'div',
			{ class: 'group-head' },
			h('span', { class: 'legend', id: legendId }, label),
			optional ? h('button', { type: 'button', class: 'link', disabled: form.readOnly, onclick: () => form.replace(path, undefined), 'aria-label': `Remove ${label.toLowerCase()}` }, 'Remove') : undefined,
		),
		help ? h('p', { class: 'help' }, help) : undefined,
		fields(form, schema, path, names),
	);
	const slot = h('p', { class: 'problem', id: idFor(path, '-problem'), hidden: true });
	group.append(slot);
	form.slots.set(pointer(path), { wrapper: group, slot });
	return group;
}

/** A labelled group of controls (rows, a record, samples) with its own slot for messages about `path`. */
function group(form, path, kind, { label, help }, ...children) {
	const legendId = idFor(path, '-legend');
	const slot = h('p', { class: 'problem', id: idFor(path, '-problem'), hidden: true });
	const wrapper = h(
		'div',
		{ class: `field field-${kind}`, dataset: { path: pointer(path) }, role: 'group', 'aria-labelledby': legendId },
		h('span', { class: 'legend', id: legendId }, label),
		help ? h('p', { class: 'help' }, help) : undefined,
		children,
		slot,
	);
	form.slots.set(pointer(path), { wrapper, slot });
	return wrapper;
}

const compactRow = (schema) => Object.values(schema.properties).length <= 4 && Object.values(schema.properties).every((prop) => ['string', 'scalar', 'enum', 'number', 'boolean'].includes(kindOf(prop)));

function rowsField(form, schema, path, { label, help, value, itemLabel }) {
	const items = value ?? [];
	const name = path[path.length - 1];
	const singular = SINGULAR[name] ?? 'row';
	const item = schema.items;
	const legendId = idFor(path, '-legend');
	const add = () => {
		const fresh = {};
		for (const field of item.required ?? []) if (kindOf(item.properties[field]) === 'string' || kindOf(item.properties[field]) === 'scalar') fresh[field] = '';
		form.replace(path, [...items, fresh], [...path, items.length]);
	};
	const remove = (index) => form.replace(path, items.filter((_, i) => i !== index).length || schema.default === undefined ? items.filter((_, i) => i !== index) : undefined);
	let body;
	if (compactRow(item)) {
		const names = Object.keys(item.properties);
		const required = new Set(item.required ?? []);
		body = h(
			'div',
			{ class: 'rows', role: 'table', 'aria-labelledby': legendId },
			items.length
				? h('div', { class: 'row row-head', role: 'row' }, names.map((prop) => h('span', { role: 'columnheader' }, labelOf(prop), required.has(prop) ? ' *' : '')), h('span', { role: 'columnheader', class: 'visually-hidden' }, 'Actions'))
				: undefined,
			items.map((_, index) => {
				const rowForm = { ...form, compact: true };
				return h(
					'div',
					{ class: 'row', role: 'row', dataset: { path: pointer([...path, index]) } },
					names.map((prop) => {
						const cell = field(rowForm, item.properties[prop], [...path, index, prop], { label: `${labelOf(prop)} of ${singular} ${index + 1}`, help: '', required: required.has(prop) });
						cell?.querySelector('label')?.classList.add('visually-hidden');
						return h('div', { role: 'cell' }, cell);
					}),
					h('div', { role: 'cell' }, h('button', { type: 'button', class: 'icon', disabled: form.readOnly, 'aria-label': `Remove ${singular} ${index + 1}`, title: 'Remove', onclick: () => remove(index) }, '×')),
				);
			}),
		);
	} else {
		body = h(
			'div',
			{ class: 'cards' },
			items.map((entry, index) =>
				h(
					'div',
					{ class: 'card', dataset: { path: pointer([...path, index]) } },
					h(
						'div',
						{ class: 'card-head' },
						h('span', { class: 'card-title' }, itemLabel ? itemLabel(entry, index) : `${labelOf(singular)} ${index + 1}`),
						h('button', { type: 'button', class: 'link', disabled: form.readOnly, 'aria-label': `Remove ${singular} ${index + 1}`, onclick: () => remove(index) }, 'Remove'),
					),
					fields(form, item, [...path, index]),
				),
			),
		);
	}
	return group(form, path, 'rows', { label, help }, body, h('button', { type: 'button', class: 'secondary add', disabled: form.readOnly, onclick: add }, `+ Add ${singular}`));
}

function recordField(form, schema, path, { label, help, value, keyLabel = 'Name', valueLabel = 'Value', keyPlaceholder = '', loose }) {
	const entries = Object.entries(value ?? {});
	const valueSchema = schema.additionalProperties;
	const valueKind = kindOf(valueSchema);
	const rows = entries.map(([key, entryValue], index) => {
		// The key can be renamed while typing: the row follows it without a re-render (focus stays).
		const entry = { key };
		const entryPath = () => [...path, entry.key];
		const keyInput = h('input', {
			type: 'text',
			id: idFor(path, `-key-${index}`),
			value: key,
			placeholder: keyPlaceholder,
			disabled: form.readOnly,
			autocomplete: 'off',
			spellcheck: 'false',
			'aria-label': `${keyLabel} ${index + 1}`,
			oninput: (event) => {
				const renamed = event.target.value;
				const current = getAt(form.doc, path) ?? {};
				if (renamed !== entry.key && Object.prototype.hasOwnProperty.call(current, renamed)) {
					slot.hidden = false;
					slot.textContent = `Another entry is already named "${renamed}"; this one keeps "${entry.key}" until the name differs.`;
					return;
				}
				setAt(form.doc, path, Object.fromEntries(Object.entries(current).map(([k, v]) => (k === entry.key ? [renamed, v] : [k, v]))));
				form.slots.delete(pointer(entryPath()));
				entry.key = renamed;
				row.dataset.path = pointer(entryPath());
				form.slots.set(pointer(entryPath()), { wrapper: row, slot, control: valueControl });
				form.changed(entryPath());
			},
			onblur: () => form.touch(entryPath()),
		});
		const valueControl =
			valueKind === 'json' && !loose
				? h('textarea', { id: idFor(entryPath()), rows: 2, disabled: form.readOnly, 'aria-label': `${valueLabel} ${index + 1}`, oninput: (event) => form.jsonInput(entryPath(), event.target.value) }, textValue(entryValue))
				: h('input', {
						type: 'text',
						id: idFor(entryPath()),
						value: textValue(entryValue),
						disabled: form.readOnly,
						autocomplete: 'off',
						'aria-label': `${valueLabel} ${index + 1}`,
						oninput: (event) => {
							const text = event.target.value;
							setAt(form.doc, entryPath(), loose || valueKind === 'json' ? looseValue(text) : valueKind === 'scalar' ? scalarFromText(text, entryValue) : text);
							form.changed(entryPath(), false);
						},
						onblur: () => form.touch(entryPath()),
					});
		const slot = h('p', { class: 'problem', id: idFor(path, `-problem-${index}`), hidden: true });
		valueControl.setAttribute('aria-describedby', slot.id);
		const row = h(
			'div',
			{ class: 'row', role: 'row', dataset: { path: pointer(entryPath()) } },
			h('div', { role: 'cell' }, keyInput),
			h('div', { role: 'cell' }, valueControl),
			h('div', { role: 'cell' }, h('button', { type: 'button', class: 'icon', disabled: form.readOnly, 'aria-label': `Remove ${keyLabel.toLowerCase()} ${index + 1}`, title: 'Remove', onclick: () => form.replace(path, Object.fromEntries(Object.entries(getAt(form.doc, path) ?? {}).filter(([k]) => k !== entry.key))) }, '×')),
			h('div', { class: 'row-problem' }, slot),
		);
		form.slots.set(pointer(entryPath()), { wrapper: row, slot, control: valueControl });
		return row;
	});
	return group(
		form,
		path,
		'record',
		{ label, help },
		h('div', { class: 'rows', role: 'table', 'aria-labelledby': idFor(path, '-legend') }, entries.length ? h('div', { class: 'row row-head', role: 'row' }, h('span', { role: 'columnheader' }, keyLabel), h('span', { role: 'columnheader' }, valueLabel), h('span', { role: 'columnheader', class: 'visually-hidden' }, 'Actions')) : undefined, rows),
		h(
			'button',
			{
				type: 'button',
				class: 'secondary add',
				disabled: form.readOnly,
				onclick: () => {
					const current = getAt(form.doc, path) ?? {};
					const keys = Object.keys(current);
					// One new, unnamed row at a time: a second "Add" goes to the first one.
					if (keys.includes('')) return document.getElementById(idFor(path, `-key-${keys.indexOf('')}`))?.focus();
					form.replace(path, { ...current, '': valueKind === 'json' && !loose ? null : '' }, idFor(path, `-key-${keys.length}`));
				},
			},
			`+ Add ${keyLabel.toLowerCase()}`,
		),
	);
}

/** A sample value typed as its input: numbers for number inputs, JSON for json inputs, else text. */
function sampleValue(type, text) {
	if (text === '') return undefined;
	if (type === 'number') return text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
	if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
	if (type === 'json') return looseValue(text);
	return text;
}

/** Sample data as one field per declared input (and any sample for an undeclared one, so it can be fixed). */
export function sampleDataField(form, schema, path, { label, help }) {
	const endpoint = getAt(form.doc, path.slice(0, -1)) ?? {};
	const samples = getAt(form.doc, path) ?? {};
	const inputs = (endpoint.inputs ?? []).filter((input) => input.name);
	const names = [...new Set([...inputs.map((input) => input.name), ...Object.keys(samples)])];
	const typeOf = (name) => inputs.find((input) => input.name === name)?.type ?? 'string';
	const rows = names.map((name) => {
		const entryPath = [...path, name];
		const control = h('input', {
			type: 'text',
			id: idFor(entryPath),
			value: textValue(samples[name]),
			disabled: form.readOnly,
			autocomplete: 'off',
			spellcheck: 'false',
			oninput: (event) => {
				const next = { ...(getAt(form.doc, path) ?? {}) };
				const value = sampleValue(typeOf(name), event.target.value);
				if (value === undefined) delete next[name];
				else next[name] = value;
				setAt(form.doc, path, Object.keys(next).length ? next : undefined);
				form.changed(entryPath);
			},
			onblur: () => form.touch(entryPath),
		});
		const declared = inputs.some((input) => input.name === name);
		return wrap(form, entryPath, { label: declared ? `${name} (${typeOf(name)})` : `${name} (not an input)`, control, kind: 'sample' });
	});
	return group(form, path, 'samples', { label, help }, rows.length ? h('div', { class: 'samples' }, rows) : h('p', { class: 'muted small' }, 'Declare inputs first; each gets a sample value here.'));
}

/** A JSON value in a text area: a syntax error is shown at once and nothing is changed until it parses. */
export function jsonField(form, path, { label, help, value, rows = 4, required }) {
	const control = h(
		'textarea',
		{ id: idFor(path), class: 'code', rows, disabled: form.readOnly, spellcheck: 'false', oninput: (event) => form.jsonInput(path, event.target.value), onblur: () => form.touch(path) },
		value === undefined ? '' : JSON.stringify(value, null, 2),
	);
	return wrap(form, path, { label, control, help: [help, 'JSON.'].filter(Boolean).join(' '), kind: 'json', required });
}

export { clear };
