/**
 * `npm run bench:import`: the importers on real corpora installed as dev dependencies of the hub
 * package. Per corpus: specs that import to a valid connector (checked with the runtime's own
 * validator), refusals with their reasons, other failures, operations kept, time and peak memory.
 *
 * Each corpus runs in its own child process, so its peak memory (max RSS) is its own and not the
 * previous corpus's. Reports, never gates: the goals are printed as PASS/FAIL and the exit code is 0
 * unless the bench itself breaks.
 *
 *   node --expose-gc -r ./bench/ts-hook.js hub/bench/import.ts
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { validateDefinition } from 'n8n-nodes-data-connectors';
import { importOpenApi } from '../src/import/openapi/import';
import { importPostman } from '../src/import/postman/import';
import { ImportRefusal, type ImportResult } from '../src/import/report';

interface Corpus {
	name: string;
	files: () => string[];
	run: (text: string, file: string) => ImportResult;
	/** Goal on time and memory, for the corpora the issue names one for. */
	limits?: { seconds: number; megabytes: number };
	/** The ≥ 95% goal applies to real specs; the Postman fixtures drop requests on purpose. */
	keepGoal: boolean;
}

interface CorpusResult {
	name: string;
	specs: number;
	valid: number;
	refused: Array<{ file: string; reason: string }>;
	failed: Array<{ file: string; error: string }>;
	operations: number;
	kept: number;
	seconds: number;
	cpuSeconds: number;
	peakMb: number;
	limits?: Corpus['limits'];
	keepGoal: boolean;
}

const packageFolder = (name: string) => dirname(require.resolve(`${name}/package.json`));

function walk(folder: string, pattern: RegExp): string[] {
	return readdirSync(folder)
		.sort()
		.flatMap((name) => {
			const path = join(folder, name);
			return statSync(path).isDirectory() ? walk(path, pattern) : pattern.test(name) ? [path] : [];
		});
}

const openapi = (text: string, file: string) => importOpenApi(text, { source: file });

const CORPORA: Corpus[] = [
	{
		name: '@readme/oas-examples (every 2.0, 3.0, 3.1 JSON and YAML spec)',
		files: () => ['2.0', '3.0', '3.1'].flatMap((version) => walk(join(packageFolder('@readme/oas-examples'), version), /\.(json|ya?ml)$/)),
		run: openapi,
		keepGoal: true,
	},
	{
		name: "@octokit/openapi: GitHub's REST API (api.github.com.json)",
		files: () => [join(packageFolder('@octokit/openapi'), 'generated', 'api.github.com.json')],
		run: openapi,
		limits: { seconds: 10, megabytes: 500 },
		keepGoal: true,
	},
	{
		name: '@octokit/openapi: GitHub Enterprise Cloud, $refs expanded (ghec.deref.json, 78 MB)',
		files: () => [join(packageFolder('@octokit/openapi'), 'generated', 'ghec.deref.json')],
		run: openapi,
		keepGoal: true,
	},
	{
		name: 'Postman collections (hub/test/import/fixtures)',
		files: () => walk(join(__dirname, '..', 'test', 'import', 'fixtures'), /postman_collection\.json$/),
		run: (text) => importPostman(text),
		keepGoal: false,
	},
];

/** In the child: import every file of one corpus and print the result as JSON. */
function runCorpus(corpus: Corpus): CorpusResult {
	const files = corpus.files();
	const result: CorpusResult = { name: corpus.name, specs: files.length, valid: 0, refused: [], failed: [], operations: 0, kept: 0, seconds: 0, cpuSeconds: 0, peakMb: 0, limits: corpus.limits, keepGoal: corpus.keepGoal };
	const root = files.reduce((common, file) => (file.startsWith(common) ? common : dirname(common)), dirname(files[0] ?? '.'));
	const started = process.hrtime.bigint();
	const cpu = process.cpuUsage();
	for (const file of files) {
		const shown = relative(root, file) || file;
		try {
			const imported = corpus.run(readFileSync(file, 'utf8'), shown);
			const check = validateDefinition(imported.connector);
			if (!check.ok) throw new Error(`not valid: ${check.problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`);
			if (imported.connector.status !== 'draft') throw new Error('not a draft');
			result.valid++;
			result.operations += imported.stats.operations;
			result.kept += imported.stats.kept;
		} catch (error) {
			if (error instanceof ImportRefusal) result.refused.push({ file: shown, reason: error.message });
			else result.failed.push({ file: shown, error: (error as Error).message });
		}
	}
	result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const used = process.cpuUsage(cpu);
	result.cpuSeconds = (used.user + used.system) / 1e6;
	result.peakMb = process.resourceUsage().maxRSS / 1024;
	return result;
}


function printResult(result: CorpusResult): boolean {
	const percent = result.operations ? (100 * result.kept) / result.operations : 100;
	console.log(`\n${result.name}`);
	console.log(`  specs ${result.specs}: ${result.valid} valid drafts, ${result.refused.length} refused with a reason, ${result.failed.length} failed`);
	console.log(`  operations kept ${result.kept.toLocaleString('en')} of ${result.operations.toLocaleString('en')} (${percent.toFixed(1)}%)`);
	console.log(`  time ${result.seconds.toFixed(2)} s (CPU ${result.cpuSeconds.toFixed(2)} s), peak memory (max RSS of the process) ${result.peakMb.toFixed(0)} MB`);
	for (const refusal of result.refused) console.log(`  refused ${refusal.file}: ${refusal.reason}`);
	for (const failure of result.failed) console.log(`  FAILED  ${failure.file}: ${failure.error}`);
	const goals: Array<[boolean, string]> = [
		[result.failed.length === 0, 'every spec gives a valid draft or a clear refusal'],
	];
	if (result.keepGoal) goals.push([percent >= 95, `≥ 95% of operations kept (${percent.toFixed(1)}%)`]);
	if (result.limits) {
		// Judged on CPU time: on a shared machine the wall time measures the other jobs too (both are printed).
		goals.push([result.cpuSeconds < result.limits.seconds, `under ${result.limits.seconds} s of CPU (${result.cpuSeconds.toFixed(2)} s; wall ${result.seconds.toFixed(2)} s)`]);
		goals.push([result.peakMb < result.limits.megabytes, `under ${result.limits.megabytes} MB (${result.peakMb.toFixed(0)} MB)`]);
	}
	for (const [ok, text] of goals) console.log(`  ${ok ? 'PASS' : 'FAIL'} ${text}`);
	return goals.every(([ok]) => ok);
}

function main(): void {
	const index = process.argv.indexOf('--corpus');
	if (index >= 0) {
		process.stdout.write(JSON.stringify(runCorpus(CORPORA[Number(process.argv[index + 1])])));
		return;
	}
	console.log('Importer benchmark (npm run bench:import)');
	console.log(`  Node ${process.version}; each corpus in its own process; load average ${loadavg()[0].toFixed(2)} at start`);
	let allPass = true;
	CORPORA.forEach((_, corpus) => {
		const output = execFileSync(process.execPath, [...process.execArgv, __filename, '--corpus', String(corpus)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
		allPass = printResult(JSON.parse(output) as CorpusResult) && allPass;
	});
	console.log(`\n${allPass ? 'all goals met' : 'some goals not met (see FAIL above)'}`);
}

main();
