/**
 * The rules of the `webhooks` section that the schema cannot say: the endpoints it names exist and
 * take the inputs it fills, and every secret it needs has a source.
 */
import type { ConnectorDefinition } from './types';
import { type DefinitionProblem, pointer } from './issues';

export function webhookProblems(definition: ConnectorDefinition): DefinitionProblem[] {
	const webhooks = definition.webhooks;
	if (!webhooks) return [];
	const problems: DefinitionProblem[] = [];
	const at = (...path: PropertyKey[]) => pointer(['webhooks', ...path]);
	const endpoints = new Map(definition.endpoints.map((endpoint) => [endpoint.key, endpoint]));

	const call = (section: string, endpointKey: string, inputs: Array<[string, string | undefined]>) => {
		const endpoint = endpoints.get(endpointKey);
		if (!endpoint) {
			problems.push({
				path: at(section, 'endpoint'),
				message: `no endpoint "${endpointKey}"; the endpoints are ${[...endpoints.keys()].join(', ')}`,
			});
			return;
		}
		for (const [field, name] of inputs) {
			if (name !== undefined && !endpoint.inputs.some((input) => input.name === name)) {
				problems.push({ path: at(section, field), message: `endpoint "${endpointKey}" has no input "${name}"` });
			}
		}
	};
	call('subscribe', webhooks.subscribe.endpoint, [
		['urlInput', webhooks.subscribe.urlInput],
		['eventsInput', webhooks.subscribe.eventsInput],
	]);
	call('unsubscribe', webhooks.unsubscribe.endpoint, [['idInput', webhooks.unsubscribe.idInput]]);
	if (webhooks.check) call('check', webhooks.check.endpoint, [['idInput', webhooks.check.idInput]]);

	const seen = new Set<string>();
	webhooks.events.forEach((event, index) => {
		if (seen.has(event.value)) problems.push({ path: at('events', index, 'value'), message: `duplicate event type "${event.value}"` });
		seen.add(event.value);
	});

	const signature = webhooks.signature;
	if (signature.type !== 'none') {
		if (signature.secret === 'subscription' && !webhooks.subscribe.secretPath) {
			problems.push({
				path: at('signature', 'secret'),
				message: 'the secret comes from the subscription, so subscribe.secretPath must say where the subscribe response holds it',
			});
		}
		if (signature.secret === 'credential' && definition.auth.type === 'none') {
			problems.push({
				path: at('signature', 'secret'),
				message: 'the secret comes from the credential, but the connector has no credential (auth "none"); use "subscription" or declare auth',
			});
		}
	}
	if (signature.type === 'hmac' && signature.signedContent === 'timestamp.body' && !webhooks.timestamp) {
		problems.push({
			path: at('signature', 'signedContent'),
			message: '"timestamp.body" signs the timestamp header, so webhooks.timestamp must declare it',
		});
	}
	return problems;
}
