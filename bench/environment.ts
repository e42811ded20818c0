/**
 * Process settings that must be in place before n8n-core is loaded, so run.ts imports this module
 * first: n8n-core writes to $N8N_USER_FOLDER/.n8n as soon as a workflow runs (a temporary folder
 * here, removed at exit), and logs nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const benchFolder = mkdtempSync(join(tmpdir(), 'data-connectors-bench-'));

process.env.N8N_USER_FOLDER = join(benchFolder, 'n8n');
process.env.N8N_LOG_LEVEL = 'silent';

process.on('exit', () => rmSync(benchFolder, { recursive: true, force: true }));
