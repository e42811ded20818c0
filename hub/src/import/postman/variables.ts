/**
 * Postman {{variables}} in a request become connector templates: a collection variable with a
 * value becomes a connector setting ({{ settings.apiVersion }}); anything else (an environment
 * variable, a path :param, a secret) becomes an endpoint input. Dynamic variables ({{$guid}}) are
 * reported: the connector has no generator, so they become inputs the builder fills.
 */
import { SECRET_HEADER } from '../credentials';
import type { EndpointInputs } from '../endpoint-inputs';
import type { ValueMapper } from '../literal-request';
import { camelKey } from '../names';
import type { ImportReport } from '../report';

const VARIABLE = /\{\{\s*([^{}]+?)\s*\}\}/g;

export class PostmanVariables {
	readonly settings: Record<string, string> = {};
	private readonly settingKeys = new Map<string, string>();
	/** Samples of the current request's :path variables. */
	pathSamples = new Map<string, string>();
	where = '';

	constructor(
		private readonly collection: Map<string, string>,
		private readonly report: ImportReport,
	) {}

	/** Replaces collection variables (for hosts and base URLs), leaving unknown ones as written. */
	resolve(text: string): string {
		return text.replace(VARIABLE, (whole, name: string) => this.collection.get(name) ?? whole);
	}

	private setting(name: string, value: string): string {
		let key = this.settingKeys.get(name);
		if (!key) {
			key = camelKey(name, 'setting');
			while (key in this.settings && this.settings[key] !== value) key = `${key}2`;
			this.settingKeys.set(name, key);
			this.settings[key] = value;
		}
		return `{{ settings.${key} }}`;
	}

	private variable(name: string, inputs: EndpointInputs): string {
		if (name.startsWith('$')) {
			this.report.approximated(this.where, `dynamic variable {{${name}}} became an input: connectors do not generate values`);
			return inputs.declare(`var.${name}`, { type: 'string', required: true, description: `Postman generated this with {{${name}}}` }, undefined, name.slice(1));
		}
		const secret = SECRET_HEADER.test(name);
		const value = this.collection.get(name);
		if (value !== undefined && value !== '' && !secret) return this.setting(name, value);
		const sample = this.pathSamples.get(name);
		return inputs.declare(
			`var.${name}`,
			{ type: 'string', required: true, description: `Postman variable {{${name}}}`, ...(secret ? { secret: true } : {}) },
			secret ? undefined : sample || undefined,
			name,
		);
	}

	/** The mapper handed to the literal-request converter. */
	readonly mapper: ValueMapper = (hint, text, inputs) => {
		if (!text.includes('{{')) return inputs.literal(hint, text);
		const lone = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(text);
		if (lone) return this.variable(lone[1], inputs);
		return text.replace(VARIABLE, (_, name: string) => this.variable(name, inputs));
	};
}
