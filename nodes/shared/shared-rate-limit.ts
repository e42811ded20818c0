/**
 * A connector's shared rate limit (`rateLimit.shared`): in queue mode every worker runs its own
 * executions, so a limit spaced within one execution is multiplied by the executions running at
 * once. A shared limit asks the Data Connector Hub of the node's hub credential for a send slot
 * before each request (hub/src/api/rate-limits.ts: slots `intervalMs` apart across every caller
 * and every hub instance on one PostgreSQL store) and waits for it. Nodes read no environment or
 * files (n8n's community-node rules), so the hub credential is where the shared state is reached.
 */
import { type IExecuteFunctions, NodeOperationError } from 'n8n-workflow';
import { HubClient, HubError } from './hub/client';
import { nodeClock } from './clock';

export class SharedRateLimit {
	private hub?: Promise<HubClient | undefined>;

	constructor(private readonly context: IExecuteFunctions) {}

	/**
	 * Waits for the hub's slot. Resolves to false when the hub cannot be reached (no answer, 5xx): the
	 * caller then spaces requests within the execution, so a hub outage slows nothing down to zero.
	 */
	async acquire(key: string, intervalMs: number): Promise<boolean> {
		this.hub ??= HubClient.of(this.context);
		const hub = await this.hub;
		if (!hub) {
			throw new NodeOperationError(this.context.getNode(), `Connector "${key}" shares its rate limit through a Data Connector Hub, but this node has no Data Connector Hub credential`, {
				description: "Choose a Data Connector Hub credential on the node (its hub hands out the send slots), or remove \"shared\" from the connector's rateLimit.",
			});
		}
		let waitMs: number;
		try {
			waitMs = await hub.slot(key, intervalMs);
		} catch (error) {
			if (error instanceof HubError && error.unreachable) return false;
			throw new NodeOperationError(this.context.getNode(), (error as Error).message);
		}
		if (waitMs > 0) await nodeClock.sleep(waitMs);
		return true;
	}
}
