// n8n-core writes to $N8N_USER_FOLDER/.n8n as soon as a workflow runs: keep that inside the
// project (git-ignored) instead of the developer's home folder, and keep test output clean.
const path = require('path');
process.env.N8N_USER_FOLDER = path.join(__dirname, '..', '.n8n-test');
process.env.N8N_LOG_LEVEL = 'silent';
