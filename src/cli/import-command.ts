/**
 * `data-connectors import …` lives in the hub package, which holds the parser dependencies (YAML);
 * this package keeps none. The hub is loaded only when the command runs, so the n8n package works
 * without it, and a missing hub is a clear message instead of a stack trace.
 */
import type { CliIo } from './io';

interface HubImport {
	importCommand(args: string[], io: CliIo & { readStdin: () => Promise<string> }): Promise<number>;
}

const HUB_IMPORT = 'n8n-nodes-data-connectors-hub/dist/import/cli';

async function readStdin(): Promise<string> {
	if (process.stdin.isTTY) return '';
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export async function importCommand(args: string[], io: CliIo & { readStdin?: () => Promise<string> }): Promise<number> {
	let hub: HubImport;
	try {
		// A variable specifier: the hub is optional and built after this package.
		const specifier: string = HUB_IMPORT;
		hub = (await import(specifier)) as HubImport;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
		io.stderr.write(
			'data-connectors import: the importers live in the package n8n-nodes-data-connectors-hub, which is not installed (or not built).\n' +
				'  Install it beside this package (npm install n8n-nodes-data-connectors-hub), or in this repository run `npm run build`.\n',
		);
		return 1;
	}
	return hub.importCommand(args, { ...io, readStdin: io.readStdin ?? readStdin });
}
