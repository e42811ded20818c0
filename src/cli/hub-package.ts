/**
 * Commands that need libraries live in the hub workspace package (n8n-nodes-data-connectors-hub),
 * so that this n8n package keeps zero runtime dependencies. This loads it on demand, with a clear
 * message when it is not installed or not built.
 */
import { UsageError } from './load';

export const HUB_PACKAGE = 'n8n-nodes-data-connectors-hub';

export async function loadHubPackage<T>(command: string): Promise<T> {
	try {
		return (await import(HUB_PACKAGE)) as T;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
		throw new UsageError(
			`"data-connectors ${command}" needs the package ${HUB_PACKAGE}: in this repository run "npm install" and "npm run build"; elsewhere "npm install ${HUB_PACKAGE}"`,
		);
	}
}
