/**
 * This package, built and installed into an n8n user folder the way n8n's community-package
 * installer does it (n8n 2.41: CommunityPackagesService.downloadPackage): `npm pack`, the tarball
 * unpacked into `$N8N_USER_FOLDER/.n8n/nodes/node_modules/n8n-nodes-data-connectors`,
 * devDependencies, peerDependencies and optionalDependencies dropped from the copied package.json,
 * `npm install` of the remaining runtime dependencies (there are none), and the package recorded in
 * `.n8n/nodes/package.json`.
 *
 * Modules n8n provides (n8n-workflow, zod, lodash, luxon) resolve from n8n's own node_modules:
 * n8n adds its module paths to NODE_PATH before it loads any node (LoadNodesAndCredentials.init).
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const PROJECT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(PROJECT, 'package.json')).name;

/** `npm run build` in the project (with the Node that runs this script); its output shown on failure. */
function buildPackage({ quiet = false } = {}) {
	if (!quiet) {
		execFileSync('npm', ['run', 'build'], { cwd: PROJECT, stdio: 'inherit' });
		return;
	}
	try {
		execFileSync('npm', ['run', 'build'], { cwd: PROJECT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	} catch (error) {
		process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
		throw new Error('npm run build failed (output above)');
	}
}

/**
 * Packs the project and installs the tarball into `userFolder`. Returns the installed folder.
 * The package must be built first (`buildPackage`).
 */
function installPackage(userFolder) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'data-connectors-pack-'));
	try {
		// npm's notices (the tarball's file list) are noise in a terminal: shown only when npm pack fails.
		let output;
		try {
			output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
				cwd: PROJECT,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			});
		} catch (error) {
			process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
			throw new Error('npm pack failed (output above)');
		}
		const [{ filename }] = JSON.parse(output);
		const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
		const target = path.join(nodesFolder, 'node_modules', PACKAGE_NAME);
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(target, { recursive: true });
		execFileSync('tar', ['-xzf', path.join(work, path.basename(filename)), '-C', target, '--strip-components=1']);

		const manifestFile = path.join(target, 'package.json');
		// eslint-disable-next-line no-unused-vars -- dropped, as n8n's installer does
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
		fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
		if (Object.keys(manifest.dependencies ?? {}).length) {
			execFileSync(
				'npm',
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				{ cwd: target, stdio: 'inherit' },
			);
		}

		// The folder's own package.json, as n8n's installer leaves it.
		const installedFile = path.join(nodesFolder, 'package.json');
		const installed = fs.existsSync(installedFile)
			? JSON.parse(fs.readFileSync(installedFile, 'utf8'))
			: { name: 'installed-nodes', private: true, dependencies: {} };
		installed.dependencies = { ...installed.dependencies, [PACKAGE_NAME]: manifest.version };
		fs.writeFileSync(installedFile, `${JSON.stringify(installed, null, 2)}\n`);
		return target;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = { buildPackage, installPackage, PROJECT, PACKAGE_NAME };
