/**
 * One hub: the registry rules (src/registry, through ./runtime) over a store, the usage source
 * that tells which n8n workflows use a connector, and how endpoint tests send requests.
 */
import {
	ConnectorRegistry,
	type BuiltInDocument,
	packagedConnectors,
	sendRequest,
	type Transport,
	type UsageSource,
} from './runtime';
import type { HubStore } from './store/hub-store';

export interface HubOptions {
	store: HubStore;
	/** Where to look for workflows using a connector (n8n's public API); without it, deletes need force. */
	usage?: UsageSource;
	/** Read-only connectors (default: the ones packaged with the n8n package). */
	builtIns?: ReadonlyArray<BuiltInDocument>;
	/** How endpoint tests send (default: node:http/https, TLS verified per request). */
	transport?: Transport;
}

export const FORCE_HINT = 'add ?force=true (a token with the admin role) to do it anyway';

export class Hub {
	readonly registry: ConnectorRegistry;
	readonly store: HubStore;
	readonly usage?: UsageSource;
	readonly transport: Transport;

	constructor(options: HubOptions) {
		this.store = options.store;
		this.usage = options.usage;
		this.transport = options.transport ?? sendRequest;
		this.registry = new ConnectorRegistry({
			folder: options.store.storage,
			builtIns: options.builtIns ?? packagedConnectors,
			// GET /connectors/{key} serializes the record as it is: mask each stored version once.
			shareRecords: true,
			hints: {
				force: FORCE_HINT,
				usageSource: "configure n8n's public API in the hub (n8n.url and n8n.apiKey)",
				expectedVersion: 'send the ETag you read as If-Match (or the "version" you read in the body)',
				registryFolder: 'start the hub with --folder <folder> or --postgres <url>',
			},
		});
	}
}
