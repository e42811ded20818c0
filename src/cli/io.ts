/** What a command may touch, passed in so tests run commands in-process. */
export interface CliIo {
	stdout: { write(text: string): unknown };
	stderr: { write(text: string): unknown };
	cwd: string;
}
