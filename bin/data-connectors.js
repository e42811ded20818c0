#!/usr/bin/env node
'use strict';
const { main } = require('../dist/src/cli/main.js');

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		process.stderr.write(`data-connectors: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 2;
	},
);
