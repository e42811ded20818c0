/** Aligned text tables and key/value blocks for the CLI's readable (non --json) output. */

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
	const cells = [headers, ...rows.map((row) => row.map(String))];
	const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
	return `${cells
		.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd())
		.join('\n')}\n`;
}

/** "label   value" lines, labels padded to the longest. */
export function fields(entries: Array<[string, string | number]>): string {
	const width = Math.max(...entries.map(([label]) => label.length));
	return `${entries.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}
