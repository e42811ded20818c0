// n8n loads nodes and credentials from the paths in package.json's "n8n" section; this entry
// point exposes the shared runtime for programmatic use (the CLI, other packages, tests).
module.exports = require('./dist/src/index.js');
