/** Runs the `data-connectors` command in-process and captures what it prints. */
import { main } from '../../src/cli/main';

export async function runCli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	let stdout = '';
	let stderr = '';
	const code = await main(args, {
		cwd,
		stdout: { write: (text: string) => (stdout += text) },
		stderr: { write: (text: string) => (stderr += text) },
	});
	return { code, stdout, stderr };
}
