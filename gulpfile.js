/**
 * Build tasks that run after `tsc` (see `npm run build`):
 *   icons   copy node and credential SVG icons next to the compiled files, where n8n looks for them
 *   schema  write schema/connector.schema.json from the one zod schema (src/definition/schema.ts)
 */
const { src, dest, parallel } = require('gulp');
const fs = require('fs');
const path = require('path');

function icons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', allowEmpty: true }).pipe(dest('dist'));
}

function schema(done) {
	const { connectorJsonSchema } = require('./dist/src/definition/json-schema.js');
	const file = path.join(__dirname, 'schema', 'connector.schema.json');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(connectorJsonSchema(), null, '\t')}\n`);
	done();
}

exports.icons = icons;
exports.schema = schema;
exports.build = parallel(icons, schema);
exports.default = exports.build;
