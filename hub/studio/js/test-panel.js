/**
 * Testing one endpoint through the hub (POST …/test): credentials typed here serve this test only
 * (kept in these fields, never stored, sent once and masked in everything shown), the request is
 * previewed exactly as the node would send it (the hub masks every secret), and a method that can
 * change data asks first. The answer shows status, headers, body and the records the node outputs.
 */
import { api, connectorPath } from './api.js';
import { ask } from './dialog.js';
import { clear, h } from './dom.js';

/** The credential fields of each auth type; secret ones are masked as typed. */
const CREDENTIAL_FIELDS = {
	none: [],
	basic: [['username', 'User name'], ['password', 'Password', true]],
	bearer: [['token', 'Token', true]],
	apiKey: [['apiKey', 'API key', true]],
	oauth2PasswordGrant: [['clientId', 'Client ID'], ['clientSecret', 'Client secret', true], ['username', 'User name'], ['password', 'Password', true]],
	oauth2ClientCredentials: [['clientId', 'Client ID'], ['clientSecret', 'Client secret', true]],
};

function inputValue(input, text) {
	if (text === '') return undefined;
	if (input.type === 'number') return Number.isNaN(Number(text)) ? text : Number(text);
	if (input.type === 'boolean') return text === 'true';
	if (input.type === 'json') {
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	return text;
}

const pretty = (value) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function requestText(request) {
	const lines = [`${request.method} ${request.url}`, ...Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value}`)];
	if (request.body !== null && request.body !== undefined) lines.push('', pretty(request.body));
	return lines.join('\n');
}

export function testPanel({ state, endpoint, dirty, save, auth }) {
	const credentialFields = (CREDENTIAL_FIELDS[auth.type] ?? []).map(([name, label, secret]) => ({
		name,
		control: h('input', { id: `test-cred-${name}`, type: secret ? 'password' : 'text', autocomplete: secret ? 'new-password' : 'off', spellcheck: 'false' }),
		label,
	}));
	const baseUrl = h('input', { id: 'test-base-url', type: 'text', placeholder: state.doc.baseUrl, autocomplete: 'off', spellcheck: 'false' });
	const inputs = (endpoint.inputs ?? []).map((input) => {
		const sample = endpoint.sampleData?.[input.name];
		const id = `test-input-${input.name}`;
		const control =
			input.type === 'boolean'
				? h('select', { id }, h('option', { value: '' }, sample === undefined ? '—' : `Sample: ${String(sample)}`), h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'))
				: h('input', { id, type: input.secret ? 'password' : 'text', placeholder: sample === undefined ? '' : `Sample: ${pretty(sample)}`, autocomplete: 'off', spellcheck: 'false' });
		return { input, control, id };
	});
	const output = h('div', { class: 'test-output', 'aria-live': 'polite' });
	const write = (endpoint.method ?? 'GET') !== 'GET';

	const body = () => {
		const credentials = {};
		for (const { name, control } of credentialFields) if (control.value !== '') credentials[name] = control.value;
		const values = {};
		for (const { input, control } of inputs) {
			const value = inputValue(input, control.value);
			if (value !== undefined) values[input.name] = value;
		}
		return { inputs: values, credentials, ...(baseUrl.value.trim() ? { baseUrl: baseUrl.value.trim() } : {}) };
	};

	/** Tests the stored connector: unsaved changes are saved first (or the test stops). */
	async function ready() {
		if (state.key && !dirty()) return true;
		return await save();
	}

	async function preview() {
		if (!(await ready())) return undefined;
		try {
			const { body: answer } = await api('POST', connectorPath(state.key, `/endpoints/${encodeURIComponent(endpoint.key)}/test`), { body: body() });
			return answer;
		} catch (error) {
			clear(output, h('p', { class: 'banner error', role: 'alert' }, error.message));
			return undefined;
		}
	}

	function showPreview(answer) {
		return h(
			'section',
			{ class: 'result-block', 'aria-labelledby': 'preview-title' },
			h('h4', { id: 'preview-title' }, 'Request'),
			answer.verifyTls ? undefined : h('p', { class: 'help' }, 'TLS certificates are not verified for this connector.'),
			h('pre', { class: 'code request-preview', tabindex: '0', 'aria-label': 'Request preview' }, requestText(answer.request)),
		);
	}

	async function onPreview() {
		const answer = await preview();
		if (answer) clear(output, showPreview(answer));
	}

	async function onSend() {
		const shown = await preview();
		if (!shown) return;
		clear(output, showPreview(shown));
		if (write) {
			const confirmed = await ask({
				title: `Send this ${endpoint.method} request?`,
				body: [h('p', {}, `${endpoint.method} can change data in the API: this test really sends it to ${shown.request.url}.`)],
				buttons: [
					{ label: 'Cancel', value: false },
					{ label: `Send ${endpoint.method}`, value: true, primary: true },
				],
				danger: true,
			});
			if (!confirmed) {
				output.append(h('p', { class: 'muted' }, 'Not sent.'));
				return;
			}
		}
		output.append(h('p', { class: 'muted', id: 'sending' }, 'Sending…'));
		try {
			const { body: result } = await api('POST', connectorPath(state.key, `/endpoints/${encodeURIComponent(endpoint.key)}/test`), {
				body: { ...body(), send: true, ...(write ? { confirmWrite: true } : {}) },
			});
			output.querySelector('#sending')?.remove();
			output.append(showResult(result));
		} catch (error) {
			output.querySelector('#sending')?.remove();
			output.append(h('p', { class: 'banner error', role: 'alert' }, error.message));
		}
	}

	return h(
		'div',
		{ class: 'test-panel' },
		h('p', { class: 'intro' }, 'Try this endpoint against the API. Credentials entered here are used for this test only: they are not stored and are masked in everything shown.'),
		state.key && !dirty() ? undefined : h('p', { class: 'banner info' }, 'Your changes are saved before the test runs.'),
		h(
			'fieldset',
			{ class: 'group' },
			h('legend', {}, 'Credentials for this test'),
			credentialFields.length ? credentialFields.map(({ control, label, name }) => h('div', { class: 'field' }, h('label', { for: `test-cred-${name}` }, label), control)) : h('p', { class: 'muted' }, 'This connector sends no credentials.'),
			h('div', { class: 'field' }, h('label', { for: 'test-base-url' }, 'Base URL (optional)'), baseUrl, h('p', { class: 'help' }, "Another server for this test, like a credential's base URL override.")),
		),
		h(
			'fieldset',
			{ class: 'group' },
			h('legend', {}, 'Inputs'),
			inputs.length
				? inputs.map(({ input, control, id }) =>
						h('div', { class: 'field' }, h('div', { class: 'label-row' }, h('label', { for: id }, input.label || input.name), input.required ? h('span', { class: 'required', 'aria-hidden': 'true', title: 'Required' }, '*') : undefined), control, input.description ? h('p', { class: 'help' }, input.description) : undefined),
					)
				: h('p', { class: 'muted' }, 'This endpoint has no inputs.'),
			inputs.length ? h('p', { class: 'help' }, 'Empty fields take their sample value.') : undefined,
		),
		h(
			'div',
			{ class: 'buttons' },
			h('button', { type: 'button', class: 'secondary', id: 'test-preview', onclick: onPreview }, 'Preview request'),
			h('button', { type: 'button', class: 'primary', id: 'test-send', onclick: onSend }, write ? `Send ${endpoint.method} request…` : 'Send request'),
		),
		output,
	);
}

function showResult(result) {
	const records = result.records;
	return h(
		'section',
		{ class: 'result-block', 'aria-labelledby': 'response-title' },
		h('h4', { id: 'response-title' }, 'Response'),
		h('p', { class: `status ${result.ok ? 'ok' : 'failed'}`, id: 'test-status' }, `Status ${result.status}`),
		result.error ? h('p', { class: 'banner error', role: 'alert', id: 'test-error' }, result.error) : undefined,
		result.ok
			? h(
					'div',
					{ class: 'records' },
					h('h5', {}, records ? `Output: ${records.length} item${records.length === 1 ? '' : 's'}, as the node outputs them` : 'Output'),
					records ? h('pre', { class: 'code', id: 'test-records', tabindex: '0', 'aria-label': 'Output items' }, JSON.stringify(records, null, 2)) : h('p', { class: 'muted' }, result.recordsError),
				)
			: undefined,
		h('details', { open: !result.ok }, h('summary', {}, 'Body'), h('pre', { class: 'code', id: 'test-body', tabindex: '0' }, pretty(result.body))),
		h('details', {}, h('summary', {}, 'Headers'), h('pre', { class: 'code', id: 'test-headers', tabindex: '0' }, Object.entries(result.headers ?? {}).map(([name, value]) => `${name}: ${value}`).join('\n'))),
	);
}
