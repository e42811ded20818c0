/**
 * Lets Node run the benchmark's TypeScript (bench/, and the src/, nodes/, credentials/,
 * connectors/ and test/harness/ files it imports) without a build step:
 *
 *   node -r ./bench/ts-hook.js bench/run.ts
 *
 * Each .ts file is transpiled in memory with the project's compiler options (module CommonJS, no
 * type check: `npm run typecheck` covers bench/). Nothing is written to disk, so there is no build
 * folder to git-ignore or to keep out of `eslint .`. Files under node_modules are never touched.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const { config, error } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions ?? {}, root);
// No outDir / rootDir: source maps then name the .ts files where they are.
const compilerOptions = {
	...options,
	outDir: undefined,
	rootDir: undefined,
	module: ts.ModuleKind.CommonJS,
	declaration: false,
	sourceMap: false,
	inlineSourceMap: true,
	inlineSources: true,
	noEmit: false,
};

process.setSourceMapsEnabled(true);

// `import './DataConnector.node'` must find DataConnector.node.ts, not the node's codex file
// DataConnector.node.json beside it: Node tries extensions in registration order, so .ts goes
// before .json and .node.
const { '.json': loadJson, '.node': loadNative } = require.extensions;
delete require.extensions['.json'];
delete require.extensions['.node'];
require.extensions['.ts'] = function compileTypeScript(module, filename) {
	if (filename.includes(`${path.sep}node_modules${path.sep}`)) {
		throw new Error(`bench/ts-hook.js does not compile dependencies: ${filename}`);
	}
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: false });
	module._compile(outputText, filename);
};
require.extensions['.json'] = loadJson;
require.extensions['.node'] = loadNative;
