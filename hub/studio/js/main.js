/**
 * Connector Studio: sign-in with a hub token, then the connector list and the editor, routed by
 * the URL fragment (#/, #/new, #/connectors/<key>). The connector schema comes from the hub's
 * OpenAPI document, so the form always matches the format the hub validates.
 */
import { api, session, whenUnauthorized } from './api.js';
import { ask } from './dialog.js';
import { clear, h } from './dom.js';
import { renderEditor } from './editor.js';
import { renderList } from './list.js';

const main = document.getElementById('main');
const account = document.getElementById('account');

const app = {
	main,
	schema: undefined,
	authTypes: [],
	leaveGuard: undefined,
	/** Navigates; `state` is handed to the page once (a notice after a delete). */
	go(hash, state) {
		app.pending = state;
		if (location.hash === hash) route();
		else location.hash = hash;
	},
};

async function loadSchema() {
	const response = await fetch('/api/v1/openapi.json', { cache: 'no-store' });
	const document = await response.json();
	app.schema = document.components.schemas.Definition;
	app.authTypes = app.schema.properties.auth.anyOf.map((branch) => branch.properties.type.const);
}

function signInPage(message) {
	clear(account);
	const token = h('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'token-help token-problem' });
	const problem = h('p', { class: 'problem', id: 'token-problem', hidden: !message, role: 'alert' }, message ?? '');
	const form = h(
		'form',
		{ class: 'signin card', 'aria-labelledby': 'signin-title' },
		h('h1', { id: 'signin-title' }, 'Sign in to Connector Studio'),
		h('p', { class: 'help', id: 'token-help' }, 'Use an API token of this hub (from its configuration). It is kept in this browser tab only and sent to the hub with each request.'),
		h('div', { class: 'field' }, h('label', { for: 'token' }, 'Hub API token'), token),
		problem,
		h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
	);
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		const value = token.value.trim();
		if (!value) return;
		try {
			await api('GET', '/connectors?size=1', { token: value });
			session.signIn(value);
			token.value = '';
			await route();
		} catch (error) {
			problem.hidden = false;
			problem.textContent = error.status === 401 ? 'This token is not valid for this hub.' : error.message;
			token.focus();
		}
	});
	clear(main, h('div', { class: 'page signin-page' }, form));
	token.focus();
}

function renderAccount() {
	clear(
		account,
		h(
			'button',
			{
				type: 'button',
				class: 'link',
				onclick: () => {
					session.signOut();
					app.leaveGuard = undefined;
					history.replaceState(null, '', '#/');
					signInPage();
				},
			},
			'Sign out',
		),
	);
}

let current = location.hash;
async function route() {
	if (!session.token) return signInPage();
	renderAccount();
	const hash = location.hash || '#/';
	const state = app.pending;
	app.pending = undefined;
	current = hash;
	app.leaveGuard = undefined;
	try {
		const match = /^#\/connectors\/([^/]+)$/.exec(hash);
		if (hash === '#/new') await renderEditor(app);
		else if (match) await renderEditor(app, decodeURIComponent(match[1]));
		else await renderList(app, state);
	} catch (error) {
		if (error.status === 401) return;
		clear(main, h('div', { class: 'page' }, h('p', { class: 'banner error', role: 'alert' }, error.message), h('a', { href: '#/' }, 'Back to the connectors')));
	}
	document.title = `${main.querySelector('h1')?.textContent ?? 'Connector Studio'} · Connector Studio`;
}

window.addEventListener('hashchange', async () => {
	if (location.hash === current) return;
	if (app.leaveGuard?.()) {
		const leave = await ask({
			title: 'Leave without saving?',
			body: [h('p', {}, 'This connector has changes that are not saved.')],
			buttons: [
				{ label: 'Stay', value: false },
				{ label: 'Leave', value: true, primary: true },
			],
			danger: true,
		});
		if (!leave) {
			history.replaceState(null, '', current);
			return;
		}
	}
	await route();
});
window.addEventListener('beforeunload', (event) => {
	if (app.leaveGuard?.()) event.preventDefault();
});
whenUnauthorized(() => {
	session.signOut();
	app.leaveGuard = undefined;
	signInPage('The hub no longer accepts this token; sign in again.');
});

loadSchema().then(route, (error) => clear(main, h('p', { class: 'banner error', role: 'alert' }, `The hub does not answer: ${error.message}`)));
