#!/usr/bin/env node
'use strict';
const path = require('path');

let cli;
try {
	cli = require(path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js'));
} catch (error) {
	if (error && error.code === 'MODULE_NOT_FOUND') {
		process.stderr.write('data-connectors: the package is not built yet; run `npm run build` first\n');
		process.exit(2);
	}
	throw error;
}

cli.main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		process.stderr.write(`data-connectors: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 2;
	},
);
