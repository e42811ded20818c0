/**
 * The connector editor: a form generated from the connector schema (fields.js) or the raw JSON,
 * both editing the same document, checked as you type by the hub's validator (POST /validate, the
 * package's own rules) with each message shown beside the field its path names. Saving sends that
 * document; a stale save (412) says so and offers a reload.
 */
import { deleteConnector, duplicateConnector, setStatus } from './actions.js';
import { api, connectorPath } from './api.js';
import { clear, getAt, h, idFor, pointer, setAt } from './dom.js';
import { field } from './fields.js';
import { CONNECTOR_HIDDEN, CONNECTOR_SECTIONS, ENDPOINT_SECTIONS, fieldOptions } from './layout.js';
import { problemView } from './problems.js';
import { testPanel } from './test-panel.js';

const NEW_CONNECTOR = () => ({ key: '', name: '', description: '', categories: [], tags: [], status: 'draft', baseUrl: '', auth: { type: 'none' }, headers: [], endpoints: [] });

export async function renderEditor(app, key) {
	const state = {
		key: undefined,
		builtIn: false,
		etag: undefined,
		doc: NEW_CONNECTOR(),
		saved: '',
		view: 'form',
		page: 'connector',
		tab: 'definition',
		problems: [],
		syntax: new Map(),
		touched: new Set(),
		showAll: false,
		banner: undefined,
		jsonText: undefined,
	};
	if (key) await load(state, key);
	else state.saved = JSON.stringify(state.doc);
	const schema = app.schema;
	const endpointSchema = schema.properties.endpoints.items;
	let validation = 0;
	let timer;
	/** The problem list under the JSON view, while it is shown. */
	let jsonProblems;

	const dirty = () => JSON.stringify(state.doc) !== state.saved;
	app.leaveGuard = () => dirty();

	// ----- the form object fields.js works with -----
	const form = {
		get doc() {
			return state.doc;
		},
		get readOnly() {
			return state.builtIn;
		},
		slots: new Map(),
		changed: (path = []) => {
			const [first, index, name] = path;
			if (path.length === 1 && first === 'key') state.keyEdited = true;
			if (path.length === 1 && first === 'name' && !state.key && !state.keyEdited) suggestKey();
			if (first === 'endpoints' && path.length === 3 && ['name', 'method', 'key'].includes(name)) renderNav();
			if (first === 'endpoints' && name === 'inputs') refreshInsertHelp(index);

			updateHead();
			scheduleValidation();
		},
		replace: (path, value, focus) => {
			setAt(state.doc, path, value);
			state.touched.add(pointer(path));
			render(typeof focus === 'string' ? focus : focus ? idFor(focus) : undefined);
			scheduleValidation();
		},
		touch: (path) => {
			state.touched.add(pointer(path));
			showProblems();
		},
		jsonInput: (path, text) => {
			const at = pointer(path);
			if (text.trim() === '') {
				state.syntax.delete(at);
				setAt(state.doc, path, undefined);
			} else {
				try {
					setAt(state.doc, path, JSON.parse(text));
					state.syntax.delete(at);
				} catch (error) {
					state.syntax.set(at, `JSON syntax error: ${error.message}`);
				}
			}
			state.touched.add(at);
			form.changed();
			showProblems();
		},
		optionsFor: (path) => fieldOptions(state, path),
	};

	/** A new connector's key follows its name ("Order Service" -> "orderService") until the key is edited. */
	function suggestKey() {
		const words = (state.doc.name ?? '').replace(/[^a-zA-Z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
		const suggestion = words.map((word, i) => (i === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1))).join('').replace(/^[0-9]+/, '');
		state.doc.key = suggestion;
		const control = document.getElementById(idFor(['key']));
		if (control) control.value = suggestion;
	}

	/** Inputs changed: the insert buttons of the path and the sample fields follow (focus stays where it is). */
	function refreshInsertHelp(index) {
		if (typeof index !== 'number') return;
		document.getElementById('insert-help')?.replaceWith(insertHelp(['endpoints', index]));
		const samplePath = ['endpoints', index, 'sampleData'];
		const samples = content.querySelector(`.field-samples[data-path="${pointer(samplePath)}"]`);
		if (samples) samples.replaceWith(field(form, endpointSchema.properties.sampleData, samplePath));
	}

	// ----- validation: the hub runs the package's validator -----
	function scheduleValidation() {
		clearTimeout(timer);
		timer = setTimeout(validate, 300);
	}
	async function validate() {
		const mine = ++validation;
		try {
			const { body } = await api('POST', '/validate', { body: state.doc });
			if (mine !== validation) return;
			state.problems = body.problems;
			showProblems();
		} catch {
			/* the next change tries again; saving reports hub errors */
		}
	}


	// ----- layout -----
	const root = h('div', { class: 'page editor-page' });
	const head = h('div', { class: 'editor-head' });
	const bannerArea = h('div', { class: 'banners', role: 'status', 'aria-live': 'polite' });
	const summary = h('div', { class: 'summary' });
	const nav = h('nav', { class: 'editor-nav', 'aria-label': 'Connector parts' });
	const content = h('div', { class: 'editor-content' });
	clear(app.main, root);
	root.append(head, bannerArea, summary, h('div', { class: 'editor-body' }, nav, content));
	const problems = problemView({ state, form, summary, nav, goTo: (path) => goTo(path), after: () => renderJsonProblems() });
	const showProblems = problems.show;
	const slotFor = problems.slotFor;

	function updateHead() {
		const title = state.doc.name || (state.key ? state.key : 'New connector');
		const saveButton = head.querySelector('#save');
		if (saveButton) {
			head.querySelector('h1').textContent = title;
			head.querySelector('.dirty').hidden = !dirty();
			return;
		}
		renderHead();
	}

	function renderHead() {
		const title = state.doc.name || (state.key ? state.key : 'New connector');
		const live = (state.doc.status ?? 'live') === 'live';
		clear(
			head,
			h(
				'div',
				{ class: 'title-row' },
				h('a', { href: '#/', class: 'back', onclick: (event) => (event.preventDefault(), app.go('#/')) }, '← Connectors'),
				h('h1', {}, title),
				h('span', { class: `badge badge-${live ? 'live' : 'draft'}` }, live ? 'live' : 'draft'),
				state.key ? h('span', { class: 'muted' }, `version ${state.doc.version ?? 1}`) : h('span', { class: 'muted' }, 'not saved yet'),
				state.builtIn ? h('span', { class: 'chip chip-locked' }, 'Built-in') : undefined,
				h('span', { class: 'dirty muted', hidden: !dirty() }, '· unsaved changes'),
			),
			h(
				'div',
				{ class: 'actions-row' },
				h(
					'div',
					{ class: 'segmented', role: 'group', 'aria-label': 'View' },
					h('button', { type: 'button', id: 'view-form', 'aria-pressed': String(state.view === 'form'), onclick: () => switchView('form') }, 'Form'),
					h('button', { type: 'button', id: 'view-json', 'aria-pressed': String(state.view === 'json'), onclick: () => switchView('json') }, 'JSON'),
				),
				h(
					'label',
					{ class: 'switch', for: 'status-live' },
					h('input', { type: 'checkbox', role: 'switch', id: 'status-live', checked: live, disabled: state.builtIn, onchange: (event) => changeStatus(event.target.checked ? 'live' : 'draft', event.target) }),
					h('span', {}, 'Live'),
				),
				state.builtIn
					? h('button', { type: 'button', class: 'secondary', onclick: duplicate }, 'Duplicate to edit')
					: state.key
						? h('button', { type: 'button', class: 'secondary', onclick: duplicate }, 'Duplicate')
						: undefined,
				state.key ? h('button', { type: 'button', class: 'secondary danger', id: 'delete', onclick: remove }, 'Delete') : undefined,
				h('button', { type: 'button', class: 'primary', id: 'save', disabled: state.builtIn, onclick: save }, 'Save'),
			),
		);
	}

	function renderBanner() {
		const banner = state.banner;
		clear(
			bannerArea,
			state.builtIn ? h('p', { class: 'banner info' }, 'This connector is built in (packaged with the n8n package): it is read-only here. Duplicate it to make your own version.') : undefined,
			banner
				? h(
						'div',
						{ class: `banner ${banner.kind}`, role: banner.kind === 'error' || banner.kind === 'conflict' ? 'alert' : undefined },
						h('span', {}, banner.text),
						banner.kind === 'conflict' ? h('button', { type: 'button', class: 'secondary', id: 'reload', onclick: reload }, 'Reload') : undefined,
					)
				: undefined,
		);
	}

	/** Opens the page holding `path` and focuses its field. */
	function goTo(path) {
		const match = /^\/endpoints\/(\d+)/.exec(path);
		const page = match ? Number(match[1]) : 'connector';
		if (state.view !== 'form' || state.page !== page || state.tab !== 'definition') {
			state.view = 'form';
			state.page = page;
			state.tab = 'definition';
			render();
		}
		const slot = slotFor(path);
		const target = slot?.control ?? slot?.wrapper.querySelector('input, select, textarea, button');
		target?.focus();
		slot?.wrapper.scrollIntoView({ block: 'center' });
	}

	function renderNav() {
		const endpoints = state.doc.endpoints ?? [];
		clear(
			nav,
			h('button', { type: 'button', class: 'nav-item', 'aria-current': state.page === 'connector' ? 'page' : undefined, dataset: { page: 'connector' }, onclick: () => openPage('connector') }, 'Connector', h('span', { class: 'count' })),
			h('div', { class: 'nav-title' }, 'Endpoints'),
			endpoints.map((endpoint, index) =>
				h(
					'button',
					{ type: 'button', class: 'nav-item', 'aria-current': state.page === index ? 'page' : undefined, dataset: { page: String(index) }, onclick: () => openPage(index) },
					h('span', { class: `method method-${endpoint.method ?? 'GET'}` }, endpoint.method ?? 'GET'),
					h('span', { class: 'nav-name' }, endpoint.name || endpoint.key || `Endpoint ${index + 1}`),
					h('span', { class: 'count' }),
				),
			),
			endpoints.length ? undefined : h('p', { class: 'muted small' }, 'No endpoint yet.'),
			h('button', { type: 'button', class: 'secondary add', disabled: state.builtIn, onclick: addEndpoint }, '+ Add endpoint'),
		);
	}

	function openPage(page) {
		state.page = page;
		state.tab = 'definition';
		render();
		content.querySelector('h2')?.focus();
	}

	function addEndpoint() {
		const endpoints = (state.doc.endpoints ??= []);
		const taken = new Set(endpoints.map((endpoint) => endpoint.key));
		let number = endpoints.length + 1;
		while (taken.has(`endpoint${number}`)) number++;
		endpoints.push({ key: `endpoint${number}`, purpose: 'Get', name: '', description: '', method: 'GET', path: '/', inputs: [], query: [], headers: [] });
		state.page = endpoints.length - 1;
		state.tab = 'definition';
		render(idFor(['endpoints', state.page, 'name']));
		scheduleValidation();
	}

	function section(title, intro, children, id) {
		return h('section', { class: 'section', 'aria-labelledby': id }, h('h3', { id }, title), intro ? h('p', { class: 'intro' }, intro) : undefined, children);
	}

	function renderSections(sections, objectSchema, path, hidden) {
		const listed = new Set(sections.flatMap((entry) => entry.names));
		const others = Object.keys(objectSchema.properties).filter((name) => !listed.has(name) && !hidden.has(name));
		const all = others.length ? [...sections, { title: 'Other', names: others }] : sections;
		const required = new Set(objectSchema.required ?? []);
		return all.map((entry, index) =>
			section(
				entry.title,
				entry.intro,
				entry.names.map((name) => {
					const made = field(form, objectSchema.properties[name], [...path, name], { required: required.has(name) && objectSchema.properties[name].default === undefined });
					return name === 'path' && path[0] === 'endpoints' ? [made, insertHelp(path)] : made;
				}),
				`section-${path.join('-') || 'connector'}-${index}`,
			),
		);
	}

	/** Buttons that insert {{ inputs.x }} for each declared input at the caret of the path field. */
	function insertHelp(path) {
		const inputs = (getAt(state.doc, [...path, 'inputs']) ?? []).filter((input) => input.name);
		const pathId = idFor([...path, 'path']);
		return h(
			'div',
			{ class: 'insert-help', id: 'insert-help', role: 'group', 'aria-label': 'Insert an input into the path' },
			inputs.length
				? [
						h('span', { class: 'muted small' }, 'Insert: '),
						inputs.map((input) =>
							h(
								'button',
								{
									type: 'button',
									class: 'chip-button',
									disabled: state.builtIn,
									onclick: () => {
										const control = document.getElementById(pathId);
										const text = `{{ inputs.${input.name} }}`;
										const start = control.selectionStart ?? control.value.length;
										const end = control.selectionEnd ?? start;
										control.value = control.value.slice(0, start) + text + control.value.slice(end);
										setAt(state.doc, [...path, 'path'], control.value);
										state.touched.add(pointer([...path, 'path']));
										form.changed();
										control.focus();
										control.setSelectionRange(start + text.length, start + text.length);
									},
								},
								`{{ inputs.${input.name} }}`,
							),
						),
					]
				: h('span', { class: 'muted small' }, 'Declare inputs below, then insert them here as {{ inputs.<name> }}.'),
		);
	}

	function renderEndpointPage(index) {
		const endpoint = state.doc.endpoints[index];
		const path = ['endpoints', index];
		const tabs = h(
			'div',
			{ class: 'tabs', role: 'tablist', 'aria-label': 'Endpoint' },
			['definition', 'test'].map((tab) =>
				h(
					'button',
					{
						type: 'button',
						role: 'tab',
						id: `tab-${tab}`,
						'aria-selected': String(state.tab === tab),
						'aria-controls': 'tab-panel',
						tabindex: state.tab === tab ? '0' : '-1',
						onclick: () => {
							state.tab = tab;
							render(`tab-${tab}`);
						},
						onkeydown: (event) => {
							if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
							state.tab = state.tab === 'definition' ? 'test' : 'definition';
							render(`tab-${state.tab}`);
						},
					},
					tab === 'definition' ? 'Definition' : 'Test',
				),
			),
		);
		const panel =
			state.tab === 'test'
				? testPanel({ state, endpoint, dirty, save, auth: state.doc.auth ?? { type: 'none' } })
				: [
						renderSections(ENDPOINT_SECTIONS, endpointSchema, path, new Set()),
						h(
							'div',
							{ class: 'section' },
							h(
								'button',
								{
									type: 'button',
									class: 'secondary danger',
									disabled: state.builtIn,
									onclick: () => {
										state.doc.endpoints.splice(index, 1);
										state.page = 'connector';
										render();
										form.changed();
									},
								},
								'Remove this endpoint',
							),
						),
					];
		return [
			h('h2', { tabindex: '-1' }, endpoint.name || endpoint.key || `Endpoint ${index + 1}`),
			tabs,
			h('div', { id: 'tab-panel', role: 'tabpanel', 'aria-labelledby': `tab-${state.tab}` }, panel),
		];
	}

	function renderJson() {
		const text = state.jsonText ?? JSON.stringify(state.doc, null, 2);
		const message = h('p', { class: 'problem', id: 'json-problem', hidden: true });
		const list = h('ul', { class: 'json-problems', 'aria-label': 'Problems' });
		const area = h('textarea', {
			id: 'json-editor',
			class: 'code json-editor',
			spellcheck: 'false',
			rows: 28,
			readonly: state.builtIn,
			'aria-describedby': 'json-help json-problem',
			oninput: (event) => {
				state.jsonText = event.target.value;
				try {
					const parsed = JSON.parse(event.target.value);
					// The form needs an object to show; anything else is reported like a syntax error.
					if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('a connector definition is a JSON object { … }');
					state.doc = parsed;
					state.syntax.delete('json');
					message.hidden = true;
					form.changed();
				} catch (error) {
					const text = error instanceof SyntaxError ? `JSON syntax error: ${error.message}` : `Not a definition: ${error.message}`;
					state.syntax.set('json', text);
					message.hidden = false;
					message.textContent = text;
					updateHead();
				}
			},
		}, text);
		if (state.syntax.has('json')) {
			message.hidden = false;
			message.textContent = state.syntax.get('json');
		}
		jsonProblems = list;
		return [
			h('h2', { tabindex: '-1' }, 'JSON'),
			h('label', { for: 'json-editor', class: 'visually-hidden' }, 'Connector definition as JSON'),
			h('p', { class: 'help', id: 'json-help' }, 'The stored definition. Edit it here or in the form: both save the same document. Secret values show as ******; leaving them as they are keeps them.'),
			area,
			message,
			list,
		];
	}
	function renderJsonProblems() {
		if (!jsonProblems) return;
		clear(jsonProblems, state.problems.map((problem) => h('li', { class: 'problem' }, h('code', {}, problem.path), ` ${problem.message}`)));
	}

	function render(focusId) {
		const active = focusId ?? document.activeElement?.id;
		form.slots.clear();
		jsonProblems = undefined;
		renderHead();
		renderBanner();
		if (state.view === 'json') {
			clear(nav);
			nav.hidden = true;
			clear(content, renderJson());
		} else {
			nav.hidden = false;
			renderNav();
			if (typeof state.page === 'number' && !state.doc.endpoints?.[state.page]) state.page = 'connector';
			clear(content, state.page === 'connector' ? [h('h2', { tabindex: '-1' }, 'Connector'), renderSections(CONNECTOR_SECTIONS, schema, [], CONNECTOR_HIDDEN)] : renderEndpointPage(state.page));
		}
		showProblems();
		if (active) document.getElementById(active)?.focus();
	}


	function switchView(view) {
		if (view === state.view) return;
		if (view === 'form' && state.syntax.has('json')) {
			state.banner = { kind: 'error', text: `Fix the JSON before switching to the form (${state.syntax.get('json')}).` };
			renderBanner();
			return;
		}
		state.view = view;
		state.jsonText = undefined;
		state.banner = undefined;
		render(view === 'json' ? 'json-editor' : 'view-form');
	}

	// ----- saving, status, delete -----
	async function save() {
		state.showAll = true;
		if (state.syntax.size) {
			state.banner = { kind: 'error', text: 'Not saved: fix the JSON syntax errors first.' };
			render();
			return false;
		}
		try {
			const answer = state.key
				? await api('PUT', connectorPath(state.key, '?replace=true'), { body: state.doc, etag: state.etag })
				: await api('POST', '/connectors', { body: state.doc });
			const created = !state.key;
			state.key = answer.body.key;
			state.etag = answer.etag;
			state.doc = answer.body.definition;
			state.saved = JSON.stringify(state.doc);
			state.problems = [];
			state.jsonText = undefined;
			state.banner = { kind: 'success', text: `Saved ${answer.body.name}, version ${answer.body.version}.` };
			if (created) history.replaceState(null, '', `#/connectors/${encodeURIComponent(state.key)}`);
			render();
			return true;
		} catch (error) {
			if (error.status === 412) {
				state.banner = { kind: 'conflict', text: 'This connector changed since you opened it; reload to get the current version (your changes here are not saved).' };
			} else if (error.problems?.length) {
				state.problems = error.problems;
				state.banner = { kind: 'error', text: `Not saved: ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} to fix (shown beside the fields).` };
			} else {
				state.banner = { kind: 'error', text: `Not saved: ${error.message}` };
			}
			render();
			return false;
		}
	}

	async function reload() {
		await load(state, state.key);
		state.banner = { kind: 'info', text: 'Reloaded the current version.' };
		state.problems = [];
		state.syntax.clear();
		state.jsonText = undefined;
		render();
	}

	async function changeStatus(status, control) {
		if (!state.key) {
			state.doc.status = status;
			render('status-live');
			form.changed();
			return;
		}
		try {
			const answer = await setStatus({ key: state.key, etag: state.etag, status });
			if (answer) {
				const wasClean = !dirty();
				state.etag = answer.etag;
				const stored = JSON.parse(state.saved);
				stored.status = answer.body.status;
				stored.version = answer.body.version;
				state.doc.status = answer.body.status;
				state.doc.version = answer.body.version;
				state.saved = wasClean ? JSON.stringify(state.doc) : JSON.stringify(stored);
				state.banner = { kind: 'success', text: status === 'live' ? 'The connector is live: active workflows can use it.' : 'The connector is a draft: it does not run in active workflows.' };
			}
		} catch (error) {
			state.banner =
				error.status === 412
					? { kind: 'conflict', text: 'This connector changed since you opened it; reload to get the current version.' }
					: { kind: 'error', text: error.message };
		}
		control.checked = (state.doc.status ?? 'live') === 'live';
		render('status-live');
	}

	async function remove() {
		if (await deleteConnector({ key: state.key, name: state.doc.name, etag: state.etag, builtIn: state.builtIn })) {
			app.leaveGuard = undefined;
			app.go('#/', { notice: `Deleted ${state.doc.name}.` });
		}
	}

	async function duplicate() {
		const copy = await duplicateConnector({ key: state.key, name: state.doc.name });
		if (copy) {
			app.leaveGuard = undefined;
			app.go(`#/connectors/${encodeURIComponent(copy)}`);
		}
	}

	render();
	if (!key) document.getElementById(idFor(['name']))?.focus();
	validate();
}

async function load(state, key) {
	const { body, etag } = await api('GET', connectorPath(key));
	state.key = body.key;
	state.builtIn = body.builtIn;
	state.etag = etag;
	state.doc = body.definition;
	state.saved = JSON.stringify(state.doc);
}

