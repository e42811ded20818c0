/** The `data-connectors` command: dispatches to one file per command. */
import { DefinitionError } from '../definition/validate';
import type { CliIo } from './io';
import { loadHubPackage } from './hub-package';
import { UsageError } from './load';
import { REGISTRY_USAGE, registryCommand } from './registry-command';
import { REQUEST_USAGE, requestCommand } from './request-command';
import { validateCommand } from './validate-command';
import { importCommand } from './import-command';

const USAGE = `data-connectors: describe an API once, use it from n8n

  data-connectors validate <file-or-folder>...
      Check connector definitions; prints one line per problem, exits 1 if there is any.
  ${REQUEST_USAGE.replace('usage: ', '')}
      Print the request an endpoint makes (secrets masked), as JSON or --curl; --send performs it.

Connector registry (built-in connectors plus the folder given by --registry <folder> or
${'$'}DATA_CONNECTORS_REGISTRY; add --json for JSON output):
  ${REGISTRY_USAGE.list}
  ${REGISTRY_USAGE.search}
  ${REGISTRY_USAGE.get}
      List, search and show connectors (secrets as ******); get --json prints the definition itself.
  ${REGISTRY_USAGE.create}
  ${REGISTRY_USAGE.update}
      Validate and save a definition; an update is merged (--replace: overwrites) and must be
      based on the current version ("version" in the definition, or --if-version).
  ${REGISTRY_USAGE.delete}
  ${REGISTRY_USAGE.status}
      Refused while active workflows use the connector (--force overrides).
  ${REGISTRY_USAGE.usage}
      Which workflows and endpoints use a connector (N8N_API_URL and N8N_API_KEY work too).
  ${REGISTRY_USAGE.test}
      Print an endpoint's request (inputs default to its sampleData); --send performs it.

Importers (need the package n8n-nodes-data-connectors-hub):
  data-connectors import openapi <file> [--tag t] [--operations id,id] [--base-url url]
  data-connectors import postman <collection.json> [--base-url url]
  data-connectors import curl ['<curl command>' | -]
      Create a draft connector (printed, or --out file.json) and report what was dropped or
      approximated; --key/--name name the connector; --json prints { connector, report, stats }.

Connector Hub (the package n8n-nodes-data-connectors-hub):
  data-connectors hub [--config hub.json] [--folder ./registry | --postgres <url>] [--port 5680]
      Serve the connectors to every n8n process over a REST API (/api/v1); see docs/hub.md.
`;

interface HubPackage {
	hubCommand(args: string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number>;
}

/** Runs one command and returns its exit code: 0 ok, 1 invalid or failed, 2 wrong usage. */
export async function main(args: string[], io: Partial<CliIo> & Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
	const context: CliIo = { cwd: process.cwd(), ...io };
	const [command, ...rest] = args;
	try {
		switch (command) {
			case 'validate':
				return validateCommand(rest, context);
			case 'import':
				return await importCommand(rest, context);
			case 'request':
				return await requestCommand(rest, context);
			case 'list':
			case 'search':
			case 'get':
			case 'create':
			case 'update':
			case 'delete':
			case 'status':
			case 'usage':
			case 'test':
				return await registryCommand(command, rest, context);
			case 'hub':
				return await (await loadHubPackage<HubPackage>('hub')).hubCommand(rest, context);
			case undefined:
			case 'help':
			case '--help':
			case '-h':
				context.stdout.write(USAGE);
				return command === undefined ? 2 : 0;
			default:
				context.stderr.write(`data-connectors: unknown command "${command}"\n\n${USAGE}`);
				return 2;
		}
	} catch (error) {
		if (error instanceof UsageError || (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
			context.stderr.write(`data-connectors: ${error.message}\n`);
			return 2;
		}
		if (error instanceof DefinitionError) {
			context.stderr.write(`${error.message}\n`);
			return 1;
		}
		if (error instanceof Error) {
			context.stderr.write(`data-connectors: ${error.message}\n`);
			return 1;
		}
		throw error;
	}
}
