/**
 * A folder of exported n8n workflows (`n8n export:workflow --all --separate --output=<folder>`, the
 * editor's "Download", or `--all` into one file) as a usage source. Reads the file system, so it is
 * exempt from the n8n Cloud rules in eslint.config.mjs: self-hosted n8n and the CLI only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type UsageSource, UsageSourceError, type WorkflowSummary, workflowsIn } from './usage';

/** Every *.json file under `folder` (recursively), read as exported workflows. */
export function workflowFolderSource(folder: string): UsageSource {
	return {
		description: `the workflows in ${folder}`,
		async workflows() {
			let names: string[];
			try {
				if (!statSync(folder).isDirectory()) throw new UsageSourceError(`${folder} is not a folder of exported workflows`);
				names = readdirSync(folder, { recursive: true, encoding: 'utf8' })
					.filter((name) => name.endsWith('.json'))
					.sort();
			} catch (error) {
				if (error instanceof UsageSourceError) throw error;
				throw new UsageSourceError(`The workflows folder ${folder} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
			}
			const workflows: WorkflowSummary[] = [];
			for (const name of names) {
				const file = join(folder, name);
				let document: unknown;
				try {
					document = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown;
				} catch (error) {
					throw new UsageSourceError(`${relative(folder, file)} in the workflows folder is not valid JSON (${(error as Error).message})`);
				}
				workflows.push(...workflowsIn(document, name.replace(/\.json$/, '')));
			}
			return workflows;
		},
	};
}
