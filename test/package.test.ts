/**
 * The built package in n8n's format: every file the "n8n" section of package.json lists exists after
 * `npm run build` (npm test builds first) and exports its class, with its icons and codex beside it.
 */
import { existsSync, readFileSync } from 'fs';
import { basename, dirname, join } from 'path';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	name: string;
	keywords: string[];
	dependencies: Record<string, string>;
	peerDependencies: Record<string, string>;
	n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
};

type Described = { description?: { name: string; icon?: unknown }; name?: string; icon?: unknown };

function loadClass(file: string): Described {
	const exported = jest.requireActual<Record<string, new () => Described>>(join(root, file));
	const className = basename(file).split('.')[0];
	expect(typeof exported[className]).toBe('function');
	return new exported[className]();
}

function iconFiles(icon: unknown): string[] {
	const files = typeof icon === 'string' ? [icon] : icon && typeof icon === 'object' ? Object.values(icon as Record<string, string>) : [];
	return files.map((file) => file.replace(/^file:/, ''));
}

describe('the package as n8n loads it', () => {
	it('follows the community-node conventions', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies).toEqual({});
		expect(Object.keys(pkg.peerDependencies)).toEqual(['n8n-workflow']);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	});

	it.each(pkg.n8n.nodes)('%s exists, exports its node class, and has its icons and codex', (file) => {
		expect(existsSync(join(root, file))).toBe(true);
		const node = loadClass(file);
		expect(node.description?.name).toBeTruthy();
		const icons = iconFiles(node.description?.icon);
		expect(icons.length).toBeGreaterThan(0);
		for (const icon of icons) expect(existsSync(join(root, dirname(file), icon))).toBe(true);
		expect(existsSync(join(root, file.replace(/\.js$/, '.json')))).toBe(true);
	});

	it.each(pkg.n8n.credentials)('%s exists and exports its credential class with icons', (file) => {
		expect(existsSync(join(root, file))).toBe(true);
		const credential = loadClass(file);
		expect(credential.name).toBeTruthy();
		for (const icon of iconFiles(credential.icon)) expect(existsSync(join(root, dirname(file), icon))).toBe(true);
	});
});
