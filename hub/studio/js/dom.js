/** A tiny element builder: h('button', { class: 'primary', onclick }, 'Save'). No framework. */
export function h(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes ?? {})) {
		if (value === undefined || value === null || value === false) continue;
		if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
		else if (name === 'class') element.className = value;
		else if (name === 'value') element.value = value;
		else if (name === 'checked') element.checked = Boolean(value);
		else if (name === 'dataset') Object.assign(element.dataset, value);
		else element.setAttribute(name, value === true ? '' : String(value));
	}
	append(element, children);
	return element;
}

function append(element, children) {
	for (const child of children.flat(Infinity)) {
		if (child === undefined || child === null || child === false) continue;
		element.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
}

export function clear(element, ...children) {
	element.replaceChildren();
	append(element, children);
	return element;
}

/** JSON pointer of a path, as the validator writes it: ['endpoints', 0, 'path'] -> "/endpoints/0/path". */
export function pointer(path) {
	return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** A DOM id for a path: stable across re-renders, so focus can be restored. */
export function idFor(path, suffix = '') {
	return `f${pointer(path).replace(/[^a-zA-Z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}${suffix}`;
}

export function getAt(root, path) {
	let value = root;
	for (const segment of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = value[segment];
	}
	return value;
}

/** Sets a value; undefined removes the field (optional fields leave the definition when emptied). */
export function setAt(root, path, value) {
	let parent = root;
	for (let index = 0; index < path.length - 1; index++) {
		const segment = path[index];
		if (parent[segment] === null || typeof parent[segment] !== 'object') parent[segment] = typeof path[index + 1] === 'number' ? [] : {};
		parent = parent[segment];
	}
	const last = path[path.length - 1];
	if (value === undefined) {
		if (Array.isArray(parent)) parent.splice(last, 1);
		else delete parent[last];
	} else parent[last] = value;
}

/** "baseUrl" -> "Base URL": labels for fields without an entry in the label table. */
const WORDS = { url: 'URL', id: 'ID', ms: '(ms)', tls: 'TLS', json: 'JSON', api: 'API' };
export function humanize(name) {
	const words = String(name)
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[\s_-]+/)
		.map((word) => WORDS[word.toLowerCase()] ?? word.toLowerCase());
	return words.map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word)).join(' ');
}
