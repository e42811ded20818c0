/** The connector list: search, filters (category, status, auth type, source), create, duplicate, delete. */
import { deleteConnector, duplicateConnector } from './actions.js';
import { api } from './api.js';
import { clear, h } from './dom.js';
import { typeLabel } from './fields.js';

const filters = { q: '', category: '', status: '', auth: '', source: '' };

function select(name, label, options) {
	return h(
		'div',
		{ class: 'filter' },
		h('label', { for: `filter-${name}` }, label),
		h(
			'select',
			{ id: `filter-${name}`, onchange: (event) => ((filters[name] = event.target.value), reload()) },
			h('option', { value: '' }, 'All'),
			options.map(([value, text]) => h('option', { value, selected: filters[name] === value }, text)),
		),
	);
}

let reload = () => {};

export async function renderList(app, { notice } = {}) {
	const { authTypes } = app;
	const all = (await api('GET', '/connectors?size=500')).body.items;
	const categories = [...new Set(all.flatMap((item) => item.categories))].sort((a, b) => a.localeCompare(b));
	const tbody = h('tbody');
	const count = h('p', { class: 'count', role: 'status', 'aria-live': 'polite' });
	let timer;
	const search = h('input', {
		id: 'search',
		type: 'search',
		value: filters.q,
		placeholder: 'Name, description, tag, endpoint…',
		autocomplete: 'off',
		oninput: (event) => {
			filters.q = event.target.value;
			clearTimeout(timer);
			timer = setTimeout(() => reload(), 250);
		},
	});
	reload = async () => {
		const query = new URLSearchParams({ size: '500' });
		for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
		const page = (await api('GET', `/connectors?${query}`)).body;
		count.textContent = `${page.total} of ${all.length} connector${all.length === 1 ? '' : 's'}`;
		clear(
			tbody,
			page.items.length
				? page.items.map((item) => row(app, item))
				: h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No connector matches. Change the search or the filters, or create one.')),
		);
	};
	clear(
		app.main,
		h(
			'div',
			{ class: 'page list-page' },
			h(
				'div',
				{ class: 'page-head' },
				h('h1', {}, 'Connectors'),
				h('button', { type: 'button', class: 'primary', onclick: () => app.go('#/new') }, '+ New connector'),
			),
			notice ? h('p', { class: 'banner success', role: 'status' }, notice) : undefined,
			h(
				'div',
				{ class: 'toolbar', role: 'search' },
				h('div', { class: 'filter grow' }, h('label', { for: 'search' }, 'Search'), search),
				select('category', 'Category', categories.map((category) => [category, category])),
				select('status', 'Status', [['live', 'Live'], ['draft', 'Draft'], ['invalid', 'Invalid']]),
				select('auth', 'Authentication', authTypes.map((type) => [type, typeLabel(type)])),
				select('source', 'Source', [['hub', 'Hub'], ['builtIn', 'Built-in']]),
			),
			count,
			h(
				'table',
				{ class: 'connectors' },
				h('caption', { class: 'visually-hidden' }, 'Connectors'),
				h('thead', {}, h('tr', {}, ['Name', 'Categories', 'Authentication', 'Status', 'Endpoints', 'Source', 'Actions'].map((title) => h('th', { scope: 'col' }, title)))),
				tbody,
			),
		),
	);
	await reload();
}

function row(app, item) {
	const builtInNote = `builtin-note-${item.key}`;
	return h(
		'tr',
		{ dataset: { key: item.key } },
		h(
			'td',
			{},
			h('a', { href: `#/connectors/${encodeURIComponent(item.key)}`, class: 'name' }, item.name),
			h('div', { class: 'muted small' }, item.key, item.description ? ` · ${item.description}` : ''),
		),
		h('td', {}, item.categories.map((category) => h('span', { class: 'chip' }, category))),
		h('td', {}, typeLabel(item.auth)),
		h('td', {}, h('span', { class: `badge badge-${item.status}` }, item.status)),
		h('td', { class: 'number' }, String(item.endpoints)),
		h('td', {}, item.builtIn ? h('span', { class: 'chip chip-locked', id: builtInNote, title: 'Packaged with the n8n package: read-only. Duplicate it to change it.' }, 'Built-in') : 'Hub'),
		h(
			'td',
			{ class: 'actions' },
			h(
				'button',
				{
					type: 'button',
					class: 'link',
					'aria-label': `Duplicate ${item.name}`,
					onclick: async () => {
						const key = await duplicateConnector(item);
						if (key) app.go(`#/connectors/${encodeURIComponent(key)}`);
					},
				},
				'Duplicate',
			),
			h(
				'button',
				{
					type: 'button',
					class: 'link danger',
					'aria-label': `Delete ${item.name}`,
					'aria-describedby': item.builtIn ? builtInNote : undefined,
					onclick: async () => {
						if (await deleteConnector(item)) await renderList(app, { notice: `Deleted ${item.name}.` });
					},
				},
				'Delete',
			),
		),
	);
}
