#!/usr/bin/env sh
# Installs this package into ./n8n-nodes the way n8n's community-package installer does (npm pack,
# unpacked into node_modules/<name>, devDependencies and peerDependencies dropped), for every n8n
# container of compose.yaml to mount at /home/node/.n8n/nodes. Run from this folder after
# `npm install && npm run build` in the repository; run again after an upgrade, then restart n8n.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && npm pack --ignore-scripts --pack-destination "$work" >/dev/null)
target="$here/n8n-nodes/node_modules/n8n-nodes-data-connectors"
rm -rf "$target" && mkdir -p "$target"
tar -xzf "$work"/n8n-nodes-data-connectors-*.tgz -C "$target" --strip-components=1
node -e '
const fs = require("fs");
const file = process.argv[1];
const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(file, "utf8"));
fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
const list = process.argv[2];
const installed = fs.existsSync(list) ? JSON.parse(fs.readFileSync(list, "utf8")) : { name: "installed-nodes", private: true, dependencies: {} };
installed.dependencies[manifest.name] = manifest.version;
fs.writeFileSync(list, JSON.stringify(installed, null, 2) + "\n");
' "$target/package.json" "$here/n8n-nodes/package.json"
# The n8n image runs as user node (uid 1000).
chown -R 1000:1000 "$here/n8n-nodes" 2>/dev/null || true
echo "installed into $here/n8n-nodes"
