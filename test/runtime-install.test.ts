/**
 * scripts/n8n/runtime.js installs n8n into a cache shared by every clone on the machine. These tests
 * run its install step (installOnce) with a small fake install in a temporary cache: two runs at once,
 * a complete folder in use, leftovers of interrupted runs. No npm, no network, no n8n.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { installOnce } = require('../scripts/n8n/runtime') as {
	installOnce: (final: string, label: string, steps: (temporary: string) => Promise<void>) => Promise<boolean>;
};

/** A fake install: one file, written when `gate` opens; counts how often it ran. */
function fakeInstall(content: string) {
	let open!: () => void;
	const gate = new Promise<void>((resolve) => (open = resolve));
	const calls: string[] = [];
	const steps = async (temporary: string) => {
		calls.push(temporary);
		await gate;
		writeFileSync(join(temporary, 'module.js'), content);
	};
	return { steps, calls, open };
}

/** A pid that is surely not running: a process that has already exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number;

let cache: string;
let logSpy: jest.SpyInstance;
beforeEach(() => {
	cache = mkdtempSync(join(tmpdir(), 'dc-runtime-'));
	logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => logSpy.mockRestore());

const said = () => logSpy.mock.calls.map((call) => String(call[0])).join('\n');

describe('installOnce (the n8n cache install)', () => {
	it('installs once when two runs start at the same time; the second waits and uses the first one\'s folder', async () => {
		const final = join(cache, 'n8n-9.9.9');
		const first = fakeInstall('first');
		const second = fakeInstall('second');
		const a = installOnce(final, 'fake n8n', first.steps);
		const b = installOnce(final, 'fake n8n', second.steps);
		// Let both reach the lock before the first install finishes.
		await new Promise((resolve) => setImmediate(resolve));
		first.open();
		second.open();
		expect(await Promise.all([a, b])).toEqual([true, false]);
		expect(first.calls).toHaveLength(1);
		expect(second.calls).toHaveLength(0);
		expect(readFileSync(join(final, 'module.js'), 'utf8')).toBe('first');
		expect(existsSync(join(final, '.complete'))).toBe(true);
		expect(readdirSync(cache).sort()).toEqual(['n8n-9.9.9']);
		expect(said()).toMatch(/installed by another run; using it/);
	});

	it('never touches a complete folder (a running n8n may use it)', async () => {
		const final = join(cache, 'n8n-9.9.9');
		mkdirSync(final);
		writeFileSync(join(final, '.complete'), 'x');
		writeFileSync(join(final, 'module.js'), 'in use');
		const install = fakeInstall('new');
		install.open();
		expect(await installOnce(final, 'fake n8n', install.steps)).toBe(false);
		expect(install.calls).toHaveLength(0);
		expect(readFileSync(join(final, 'module.js'), 'utf8')).toBe('in use');
	});

	it('replaces an incomplete folder and removes temporary folders of runs that are gone', async () => {
		const final = join(cache, 'n8n-9.9.9');
		mkdirSync(final);
		writeFileSync(join(final, 'half.js'), 'interrupted');
		const leftover = `${final}.tmp-${deadPid()}`;
		mkdirSync(leftover);
		const install = fakeInstall('fresh');
		install.open();
		expect(await installOnce(final, 'fake n8n', install.steps)).toBe(true);
		expect(readdirSync(final).sort()).toEqual(['.complete', 'module.js']);
		expect(readdirSync(cache)).toEqual(['n8n-9.9.9']);
	});

	it('takes over the lock of a run that died, and says so', async () => {
		const final = join(cache, 'n8n-9.9.9');
		writeFileSync(`${final}.lock`, `${deadPid()} abc\n`);
		const install = fakeInstall('after crash');
		install.open();
		expect(await installOnce(final, 'fake n8n', install.steps)).toBe(true);
		expect(readFileSync(join(final, 'module.js'), 'utf8')).toBe('after crash');
		expect(existsSync(`${final}.lock`)).toBe(false);
		expect(said()).toMatch(/was interrupted; taking over/);
	});

	it('a failed install leaves no folder and no lock, and the next run installs', async () => {
		const final = join(cache, 'n8n-9.9.9');
		await expect(
			installOnce(final, 'fake n8n', async () => {
				throw new Error('npm install n8n failed (exit 1)');
			}),
		).rejects.toThrow('npm install n8n failed (exit 1)');
		expect(readdirSync(cache)).toEqual([]);
		const install = fakeInstall('second try');
		install.open();
		expect(await installOnce(final, 'fake n8n', install.steps)).toBe(true);
		expect(readFileSync(join(final, 'module.js'), 'utf8')).toBe('second try');
	});
});
