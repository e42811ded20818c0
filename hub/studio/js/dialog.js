/**
 * Modal questions with the native <dialog>: focus moves into it, Escape cancels, and focus
 * returns to where it was. `ask` resolves the value of the button chosen (undefined: cancelled).
 */
import { h } from './dom.js';

/** Opens `dialog` modally; the returned close(value) removes it, gives focus back and resolves. */
function show(dialog, previous, resolve) {
	const close = (value) => {
		dialog.close();
		dialog.remove();
		if (previous instanceof HTMLElement) previous.focus();
		resolve(value);
	};
	dialog.addEventListener('cancel', (event) => {
		event.preventDefault();
		close(undefined);
	});
	document.body.append(dialog);
	dialog.showModal();
	return close;
}

export function ask({ title, body = [], buttons, danger = false }) {
	const previous = document.activeElement;
	return new Promise((resolve) => {
		const titleId = `dialog-title-${Date.now()}`;
		const dialog = h(
			'dialog',
			{ class: 'dialog', 'aria-labelledby': titleId },
			h('h2', { id: titleId }, title),
			h('div', { class: 'dialog-body' }, body),
			h(
				'div',
				{ class: 'dialog-buttons' },
				buttons.map(({ label, value, primary }) =>
					h('button', { type: 'button', class: primary ? (danger ? 'danger' : 'primary') : 'secondary', dataset: { value: String(value ?? '') }, onclick: () => close(value) }, label),
				),
			),
		);
		const close = show(dialog, previous, resolve);
		const primary = dialog.querySelector('.dialog-buttons button:last-child');
		(danger ? dialog.querySelector('.dialog-buttons button') : primary)?.focus();
	});
}

export async function tell(title, ...body) {
	await ask({ title, body, buttons: [{ label: 'OK', value: true, primary: true }] });
}

/** The workflows a usage check found, as a list a person can read. */
export function workflowList(workflows) {
	if (!workflows?.length) return [];
	return h(
		'ul',
		{ class: 'usage-list', 'aria-label': 'Workflows using this connector' },
		workflows.map((workflow) =>
			h('li', {}, h('strong', {}, workflow.name), ` (${workflow.active ? 'active' : 'inactive'}, id ${workflow.id}): `, workflow.nodes.map((node) => node.name).join(', ')),
		),
	);
}

/** A small form in a dialog: resolves the values entered, or undefined when cancelled. */
export function askValues({ title, intro, fields, submit }) {
	const previous = document.activeElement;
	return new Promise((resolve) => {
		const titleId = `dialog-title-${Date.now()}`;
		const inputs = fields.map(({ name, label, value, help }) => {
			const id = `dialog-${name}`;
			return { name, element: h('input', { id, type: 'text', value, autocomplete: 'off', spellcheck: 'false' }), label, help, id };
		});
		const form = h(
			'form',
			{ method: 'dialog' },
			intro ? h('p', {}, intro) : undefined,
			inputs.map(({ element, label, help, id }) => h('div', { class: 'field' }, h('label', { for: id }, label), element, help ? h('p', { class: 'help' }, help) : undefined)),
			h(
				'div',
				{ class: 'dialog-buttons' },
				h('button', { type: 'button', class: 'secondary', onclick: () => close(undefined) }, 'Cancel'),
				h('button', { type: 'submit', class: 'primary' }, submit),
			),
		);
		const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), form);
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			close(Object.fromEntries(inputs.map(({ name, element }) => [name, element.value.trim()])));
		});
		const close = show(dialog, previous, resolve);
		inputs[0]?.element.select();
	});
}
