/** `data-connectors validate <file-or-folder>...`: one line per problem, exit 1 if any. */
import { crossDefinitionProblems, DefinitionError, parseDefinitionText } from '../definition/validate';
import type { ConnectorDefinition } from '../definition/types';
import { readDefinitionFiles } from './load';
import type { CliIo } from './io';

export function validateCommand(paths: string[], io: CliIo): number {
	if (paths.length === 0) {
		io.stderr.write('usage: data-connectors validate <file-or-folder>...\n');
		return 2;
	}
	const valid: Array<{ source: string; definition: ConnectorDefinition }> = [];
	const problems: string[] = [];
	for (const file of readDefinitionFiles(paths, io.cwd)) {
		try {
			valid.push({ source: file.source, definition: parseDefinitionText(file.text, file.source) });
		} catch (error) {
			if (!(error instanceof DefinitionError)) throw error;
			problems.push(...error.message.split('\n'));
		}
	}
	problems.push(...crossDefinitionProblems(valid));
	for (const { source, definition } of valid) {
		io.stdout.write(`ok ${source}: ${definition.name} (${definition.endpoints.length} endpoints, ${definition.status})\n`);
	}
	for (const line of problems) io.stderr.write(`${line}\n`);
	return problems.length ? 1 : 0;
}
