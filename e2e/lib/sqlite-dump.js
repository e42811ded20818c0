/**
 * Prints every row of every table of an SQLite database as JSON lines { table, row, text } (the
 * row's values, one per line; blobs as latin1), for the end-to-end secret scan. Runs with the n8n
 * runtime's Node and n8n's own sqlite3 module (built for that Node):
 *
 *   <runtime node> e2e/lib/sqlite-dump.js <n8n install folder> <database file>
 */
const [n8nDir, file] = process.argv.slice(2);
const sqlite3 = require(require.resolve('sqlite3', { paths: [n8nDir] }));

const db = new sqlite3.Database(file);
const all = (sql) => new Promise((resolve, reject) => db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows))));
const cell = (value) => (Buffer.isBuffer(value) ? value.toString('latin1') : value === null ? '' : String(value));

(async () => {
	const tables = await all("SELECT name FROM sqlite_master WHERE type = 'table'");
	for (const { name } of tables) {
		const quoted = `"${name.replace(/"/g, '""')}"`;
		let rows;
		try {
			rows = await all(`SELECT rowid AS "__rowid", * FROM ${quoted}`);
		} catch {
			rows = await all(`SELECT * FROM ${quoted}`); // WITHOUT ROWID tables
		}
		rows.forEach((row, index) => {
			const { __rowid: rowid, ...values } = row;
			const text = Object.entries(values).map(([column, value]) => `${column}=${cell(value)}`).join('\n');
			process.stdout.write(`${JSON.stringify({ table: name, row: rowid ?? index, text })}\n`);
		});
	}
	db.close();
})().catch((error) => {
	console.error(error.stack ?? String(error));
	process.exit(1);
});
