/**
 * Delete, live/draft and duplicate, shared by the list and the editor. The hub decides: a built-in
 * connector is refused (403), active workflows that use the connector are listed (409), and only
 * then may an admin do it anyway (force=true).
 */
import { api, connectorPath } from './api.js';
import { ask, askValues, tell, workflowList } from './dialog.js';
import { h } from './dom.js';

/** Runs `call(force)`; on a usage refusal shows what the hub said and offers "anyway". */
async function withUsageCheck(call, anyway) {
	try {
		return await call(false);
	} catch (error) {
		if (error.status !== 409 || (error.code !== 'in-use' && error.code !== 'usage-unknown')) throw error;
		const choice = await ask({
			title: error.code === 'in-use' ? 'Active workflows use this connector' : 'The hub cannot check usage',
			body: [h('p', { class: 'usage-message' }, error.message), workflowList(error.workflows), h('p', { class: 'help' }, 'Doing it anyway needs a token with the admin role.')],
			buttons: [
				{ label: 'Cancel', value: false },
				{ label: anyway, value: true, primary: true },
			],
			danger: true,
		});
		if (!choice) return undefined;
		return await call(true);
	}
}

/** Asks, deletes; resolves true when deleted. Errors (403 built-in, 412 stale) are shown. */
export async function deleteConnector({ key, name, etag, builtIn }) {
	// A built-in connector is always refused: ask the hub at once and show its answer.
	const confirmed = builtIn || await ask({
		title: `Delete ${name}?`,
		body: [h('p', {}, `The connector "${name}" (${key}) is removed from the hub. Workflows that use it stop working.`)],
		buttons: [
			{ label: 'Cancel', value: false },
			{ label: 'Delete', value: true, primary: true },
		],
		danger: true,
	});
	if (!confirmed) return false;
	try {
		const answer = await withUsageCheck((force) => api('DELETE', connectorPath(key, force ? '?force=true' : ''), { etag }), 'Delete anyway');
		return Boolean(answer);
	} catch (error) {
		await tell(error.status === 403 ? 'Cannot delete this connector' : 'Not deleted', h('p', { role: 'alert' }, error.message));
		return false;
	}
}

/** Sets live or draft; resolves the hub's write result, undefined when cancelled. Throws ApiError (412 included). */
export async function setStatus({ key, etag, status }) {
	return await withUsageCheck(
		(force) => api('PUT', connectorPath(key, `/status${force ? '?force=true' : ''}`), { body: { status }, etag }),
		'Set to draft anyway',
	);
}

/** Asks for the copy's key and name, makes it; resolves the new key. */
export async function duplicateConnector({ key, name }) {
	let values = { key: `${key}Copy`, name: `${name} (copy)` };
	for (;;) {
		values = await askValues({
			title: `Duplicate ${name}`,
			intro: 'The copy is a draft with its own key; change it freely.',
			fields: [
				{ name: 'key', label: 'Key of the copy', value: values.key, help: 'Letters, digits, "-" and "_"; starts with a letter. Workflows store it.' },
				{ name: 'name', label: 'Name of the copy', value: values.name },
			],
			submit: 'Duplicate',
		});
		if (!values) return undefined;
		try {
			const { body } = await api('POST', connectorPath(key, '/duplicate'), { body: values });
			return body.key;
		} catch (error) {
			await tell('Not duplicated', h('p', { role: 'alert' }, error.message));
		}
	}
}
