/**
 * The connector registry: the connectors packaged with this module (built in, read-only) plus a
 * registry folder of definition files, with the operations the CLI and the Data Connector Registry
 * node offer. The rules every write follows, in order:
 *
 *   1. built-in connectors are never changed
 *   2. deleting a connector, or setting it to draft, is refused while active workflows use it
 *      (checked against a usage source before the write; `force` skips the check)
 *   3. inside the folder's lock: read the current file, compare versions (an update must say which
 *      version it was based on), combine (merge or replace), put back secrets sent as "******"
 *   4. validate the result as a whole (path-precise messages), check key and name are unique
 *   5. write it atomically with version + 1
 *
 * Nothing here prints: results are plain JSON for the CLI's tables and the node's items. Every
 * definition that leaves this module has its secret values masked (mask.ts).
 */
import { DefinitionError, parseDefinition } from '../definition/validate';
import type { ConnectorDefinition } from '../definition/types';
import { formatProblem } from '../definition/issues';
import { maskSecrets, restoreSecrets } from './mask';
import { mergeDefinition, MergeError, type UpdateMode } from './merge';
import { NodeTypeResolver, PACKAGE_NAME } from './node-types';
import { type CatalogItem, type ListPage, type ListQuery, listConnectors, summarize, type ConnectorSummary } from './search';
import type { RegistryStorage, StoredFile } from './store';
import { type ConnectorUsage, dependantsMessage, type UsageSource, usageByConnector, usageOf } from './usage';

export type RegistryErrorCode = 'not-found' | 'exists' | 'built-in' | 'conflict' | 'in-use' | 'no-folder' | 'bad-request';

/** A refused or impossible registry operation; invalid definitions are DefinitionErrors instead. */
export class RegistryError extends Error {
	constructor(
		readonly code: RegistryErrorCode,
		message: string,
	) {
		super(message);
		this.name = 'RegistryError';
	}
}

export interface BuiltInDocument {
	file: string;
	document: unknown;
}

/** How a surface names its options in messages ("add --force", "turn on Force"). */
export interface RegistryHints {
	force: string;
	usageSource: string;
	expectedVersion: string;
	registryFolder: string;
}

const DEFAULT_HINTS: RegistryHints = {
	force: 'force the change',
	usageSource: 'give a usage source (the n8n API or a folder of exported workflows)',
	expectedVersion: 'put the "version" you read in the definition, or give the expected version',
	registryFolder: 'set DATA_CONNECTORS_REGISTRY to a folder',
};

export interface ConnectorRegistryOptions {
	/** The registry folder (or another storage); without one, only the built-in connectors are there (read-only). */
	folder?: RegistryStorage;
	builtIns: ReadonlyArray<BuiltInDocument>;
	/** The npm package whose node types use connectors (default this one). */
	packageName?: string;
	hints?: Partial<RegistryHints>;
	/**
	 * Let `get` answer with the same record while the stored file is the same object (the stores hand
	 * out a new one only when the text changes), instead of masking a copy on every call. The record
	 * is then shared and frozen: for readers that only serialize it (the Connector Hub), not for
	 * node output that the next nodes may change.
	 */
	shareRecords?: boolean;
}

/** One connector as `get` shows it. */
export interface ConnectorRecord extends ConnectorSummary {
	/** The definition document as stored, secrets as "******". */
	definition: unknown;
}

export interface WriteResult {
	key: string;
	name: string;
	/** The registry file written or removed. */
	file: string;
	version: number;
	previousVersion?: number;
	status: string;
	/** false when there was nothing to change (a status already set). */
	changed: boolean;
	deleted?: boolean;
	/** The saved definition, secrets as "******" (not for deletions). */
	definition?: unknown;
}

export interface GuardOptions {
	/** Skip the check for active workflows using the connector. */
	force?: boolean;
	/** Where to look for workflows using the connector. */
	usage?: UsageSource;
	/** Only go ahead if the stored version is still this one. */
	expectedVersion?: number;
}

export interface UpdateOptions {
	mode?: UpdateMode;
	/** The version the change is based on; defaults to the `version` of the update's body. */
	expectedVersion?: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function rawVersion(document: unknown): number | undefined {
	const version = isObject(document) ? document.version : undefined;
	return typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : undefined;
}

function deepFreeze(value: unknown): void {
	if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
	Object.freeze(value);
	for (const child of Object.values(value)) deepFreeze(child);
}

function storedVersion(file: StoredFile): number {
	return file.definition?.version ?? rawVersion(file.document) ?? 1;
}

interface BuiltIn {
	file: string;
	document: unknown;
	definition: ConnectorDefinition;
}

export class ConnectorRegistry {
	private readonly builtIns: BuiltIn[];
	private readonly hints: RegistryHints;
	readonly packageName: string;

	constructor(private readonly options: ConnectorRegistryOptions) {
		this.builtIns = options.builtIns.map(({ file, document }) => ({ file, document, definition: parseDefinition(document, file) }));
		this.hints = { ...DEFAULT_HINTS, ...options.hints };
		this.packageName = options.packageName ?? PACKAGE_NAME;
	}

	get folder(): string | undefined {
		return this.options.folder?.folder;
	}

	private files(): StoredFile[] {
		return this.options.folder?.files() ?? [];
	}

	private builtIn(key: string): BuiltIn | undefined {
		return this.builtIns.find((entry) => entry.definition.key === key);
	}

	/** The registry file of `key` (by the key it claims, else by file name), first by file name. */
	private static fileOf(files: StoredFile[], key: string): StoredFile | undefined {
		return files.find((file) => file.key === key) ?? files.find((file) => file.name === key);
	}

	/** Every connector: built-in ones, then registry files (a file cannot take a built-in's key). */
	catalog(files: StoredFile[] = this.files()): CatalogItem[] {
		const items: CatalogItem[] = this.builtIns.map(({ definition }) => ({ key: definition.key, builtIn: true, definition }));
		const taken = new Map(items.map((item) => [item.key, 'a built-in connector']));
		for (const file of files) {
			const key = file.definition?.key ?? file.key;
			const other = key !== undefined ? taken.get(key) : undefined;
			if (key !== undefined && other) {
				items.push({ key: file.name, builtIn: false, file: file.name, problems: [`${file.name}: /key: key "${key}" is already used by ${other}`] });
				continue;
			}
			if (key !== undefined) taken.set(key, file.name);
			items.push({ key: key ?? file.name, builtIn: false, file: file.name, definition: file.definition, problems: file.problems });
		}
		return items;
	}

	list(query: ListQuery = {}): ListPage {
		return listConnectors(this.catalog(), query);
	}

	get(key: string): ConnectorRecord {
		const builtIn = this.builtIn(key);
		if (builtIn) return this.record(builtIn, () => ({ ...summarize({ key, builtIn: true, definition: builtIn.definition }), definition: maskSecrets(builtIn.document) }));
		const files = this.files();
		const file = ConnectorRegistry.fileOf(files, key);
		if (!file) throw this.notFound(key, files);
		const item = this.catalog(files).find((entry) => entry.file === file.name) as CatalogItem;
		const build = () => ({ ...summarize(item), definition: maskSecrets(file.document ?? null) });
		// A key another connector already claims adds problems of this catalog's making: not the file's alone, so not shared.
		return item.problems === file.problems ? this.record(file, build) : build();
	}

	/** Records by the stored file (or built-in) they show, when `shareRecords` is on. */
	private readonly records = new WeakMap<object, ConnectorRecord>();

	private record(owner: object, build: () => ConnectorRecord): ConnectorRecord {
		if (!this.options.shareRecords) return build();
		let record = this.records.get(owner);
		if (!record) {
			record = build();
			deepFreeze(record.definition);
			Object.freeze(record);
			this.records.set(owner, record);
		}
		return record;
	}

	/** The validated definition of `key`, for testing an endpoint (secrets not masked: it is sent). */
	definition(key: string): ConnectorDefinition {
		const builtIn = this.builtIn(key);
		if (builtIn) return builtIn.definition;
		const files = this.files();
		const file = ConnectorRegistry.fileOf(files, key);
		if (!file) throw this.notFound(key, files);
		if (!file.definition) throw new RegistryError('bad-request', `The connector file ${file.name} is invalid:\n${(file.problems ?? []).join('\n')}`);
		return file.definition;
	}

	// ----- writes -----

	private requireFolder(): RegistryStorage {
		if (!this.options.folder) {
			throw new RegistryError('no-folder', `There is no registry folder to write to; ${this.hints.registryFolder}`);
		}
		return this.options.folder;
	}

	private refuseBuiltIn(key: string): void {
		const builtIn = this.builtIn(key);
		if (builtIn) {
			throw new RegistryError(
				'built-in',
				`built-in connectors cannot be changed: ${builtIn.definition.name} (${key}) is packaged with ${this.packageName}; to change it, create a copy under another key`,
			);
		}
	}

	private notFound(key: string, files: StoredFile[]): RegistryError {
		const keys = this.catalog(files).map((item) => item.key);
		return new RegistryError('not-found', `There is no connector "${key}"; the connectors are ${keys.join(', ') || 'none'}`);
	}

	/** Key and name must be unique among every other connector. */
	private uniquenessProblems(source: string, definition: ConnectorDefinition, files: StoredFile[], ownFile?: string): DefinitionError | undefined {
		const others: Array<{ source: string; definition: ConnectorDefinition }> = [
			...this.builtIns.map((entry) => ({ source: `built-in ${entry.file}`, definition: entry.definition })),
			...files.filter((file) => file.name !== ownFile && file.definition).map((file) => ({ source: file.name, definition: file.definition as ConnectorDefinition })),
		];
		const problems = [];
		for (const other of others) {
			if (other.definition.key === definition.key) problems.push({ path: '/key', message: `key "${definition.key}" is already used by ${other.source}` });
			if (other.definition.name.toLowerCase() === definition.name.toLowerCase()) {
				problems.push({ path: '/name', message: `name "${definition.name}" is already used by ${other.source}` });
			}
		}
		return problems.length ? new DefinitionError(source, problems) : undefined;
	}

	private validated(document: unknown, source: string, files: StoredFile[], ownFile?: string): ConnectorDefinition {
		const definition = parseDefinition(document, source);
		const duplicate = this.uniquenessProblems(source, definition, files, ownFile);
		if (duplicate) throw duplicate;
		return definition;
	}

	private static restored(next: unknown, stored: unknown, source: string): Json {
		const { document, problems } = restoreSecrets(next, stored);
		if (problems.length) throw new DefinitionError(source, problems);
		return document as Json;
	}

	private written(file: string, definition: ConnectorDefinition, document: unknown, previousVersion?: number): WriteResult {
		return {
			key: definition.key,
			name: definition.name,
			file,
			version: definition.version,
			...(previousVersion !== undefined ? { previousVersion } : {}),
			status: definition.status,
			changed: true,
			definition: maskSecrets(document),
		};
	}

	async create(document: unknown): Promise<WriteResult> {
		const folder = this.requireFolder();
		if (!isObject(document)) throw new DefinitionError('definition', [{ path: '', message: 'must be a JSON object' }]);
		const key = typeof document.key === 'string' && /^[a-zA-Z][a-zA-Z0-9_-]*$/.test(document.key) ? document.key : undefined;
		const name = key ? `${key}.json` : 'definition';
		const builtIn = key ? this.builtIn(key) : undefined;
		if (builtIn) throw new RegistryError('exists', `connector ${key} already exists: it is built in (${builtIn.definition.name}); choose another key`);
		const prepared = ConnectorRegistry.restored(document, undefined, name);
		prepared.version = rawVersion(prepared) ?? (prepared.version === undefined ? 1 : prepared.version);
		parseDefinition(prepared, name); // the definition's own problems first, before looking at the folder
		return await folder.change((files) => {
			const existing = files.find((file) => file.key === key || file.name === name);
			if (existing) {
				throw new RegistryError(
					'exists',
					existing.key === key
						? `connector ${key} already exists (${existing.name}); update it instead`
						: `the file ${name} already exists and holds another connector (${existing.key ?? 'invalid'})`,
				);
			}
			const definition = this.validated(prepared, name, files);
			return { result: this.written(name, definition, prepared), write: { name, document: prepared } };
		});
	}

	async update(key: string, body: unknown, options: UpdateOptions = {}): Promise<WriteResult> {
		this.refuseBuiltIn(key);
		const folder = this.requireFolder();
		if (!isObject(body)) throw new DefinitionError('update', [{ path: '', message: 'an update must be a JSON object' }]);
		const mode = options.mode ?? 'merge';
		const expected = options.expectedVersion ?? rawVersion(body);
		if (body.version !== undefined && rawVersion(body) === undefined && options.expectedVersion === undefined) {
			throw new DefinitionError('update', [{ path: '/version', message: 'must be a whole number of at least 1: the version you read' }]);
		}
		if (expected === undefined) {
			throw new RegistryError('bad-request', `Say which version of ${key} your change is based on: ${this.hints.expectedVersion}`);
		}
		return await folder.change((files) => {
			const file = ConnectorRegistry.fileOf(files, key);
			if (!file) throw this.notFound(key, files);
			const current = storedVersion(file);
			if (expected !== current) {
				throw new RegistryError(
					'conflict',
					`connector ${key} changed since you read it (now version ${current}, yours ${expected}); get it again and re-apply your change`,
				);
			}
			let next: Json;
			try {
				next = (mode === 'replace' ? structuredClone(body) : mergeDefinition(file.document ?? {}, body)) as Json;
			} catch (error) {
				if (error instanceof MergeError) throw new DefinitionError(file.name, error.problems);
				throw error;
			}
			const storedKey = file.definition?.key ?? file.key ?? key;
			next.key ??= storedKey;
			if (next.key !== storedKey) {
				throw new DefinitionError(file.name, [
					{ path: '/key', message: `the key of a connector cannot change (it is "${storedKey}": workflows use it); create a new connector instead` },
				]);
			}
			next = ConnectorRegistry.restored(next, file.document, file.name);
			next.version = current + 1;
			const definition = this.validated(next, file.name, files, file.name);
			return { result: this.written(file.name, definition, next, current), write: { name: file.name, document: next, indent: file.indent } };
		});
	}

	/** Refuses when active workflows use the connector, unless forced (see dependantsMessage). */
	private async checkDependants(key: string, name: string, guard: GuardOptions, consequence: string): Promise<void> {
		if (guard.force) return;
		if (!guard.usage) {
			throw new RegistryError('in-use', `Cannot tell whether active workflows use ${name}: ${this.hints.usageSource}, or ${this.hints.force}`);
		}
		const usage = usageOf(await guard.usage.workflows(), key, this.resolver());
		if (usage.activeWorkflows.length) throw new RegistryError('in-use', dependantsMessage(name, usage, consequence, this.hints.force));
	}

	private checkVersion(key: string, file: StoredFile, expected: number | undefined): number {
		const current = storedVersion(file);
		if (expected !== undefined && expected !== current) {
			throw new RegistryError(
				'conflict',
				`connector ${key} changed since you read it (now version ${current}, yours ${expected}); get it again and re-apply your change`,
			);
		}
		return current;
	}

	async remove(key: string, guard: GuardOptions = {}): Promise<WriteResult> {
		this.refuseBuiltIn(key);
		const folder = this.requireFolder();
		const files = this.files();
		const file = ConnectorRegistry.fileOf(files, key);
		if (!file) throw this.notFound(key, files);
		const name = file.definition?.name ?? key;
		await this.checkDependants(file.definition?.key ?? key, name, guard, 'Deleting it would stop them');
		return await folder.change((now) => {
			const target = ConnectorRegistry.fileOf(now, key);
			if (!target) throw this.notFound(key, now);
			const version = this.checkVersion(key, target, guard.expectedVersion);
			return {
				result: { key: target.definition?.key ?? key, name, file: target.name, version, status: target.definition?.status ?? 'invalid', changed: true, deleted: true },
				remove: target.name,
			};
		});
	}

	async setStatus(key: string, status: 'live' | 'draft', guard: GuardOptions = {}): Promise<WriteResult> {
		this.refuseBuiltIn(key);
		const folder = this.requireFolder();
		const files = this.files();
		const file = ConnectorRegistry.fileOf(files, key);
		if (!file) throw this.notFound(key, files);
		if (status === 'draft' && file.definition?.status !== 'draft') {
			await this.checkDependants(file.definition?.key ?? key, file.definition?.name ?? key, guard, 'Drafts do not run in active workflows, so setting it to draft would stop them');
		}
		return await folder.change((now) => {
			const target = ConnectorRegistry.fileOf(now, key);
			if (!target) throw this.notFound(key, now);
			const current = this.checkVersion(key, target, guard.expectedVersion);
			if (target.definition?.status === status) {
				return { result: { ...this.written(target.name, target.definition, target.document), changed: false } };
			}
			const next = { ...(target.document as Json), status, version: current + 1 };
			const definition = this.validated(next, target.name, now, target.name);
			return { result: this.written(target.name, definition, next, current), write: { name: target.name, document: next, indent: target.indent } };
		});
	}

	// ----- usage -----

	/** Maps workflow nodes to connectors: built-in connectors first (only they have generated nodes). */
	resolver(extraKeys: string[] = []): NodeTypeResolver {
		const known = this.catalog().flatMap((item) => (item.definition ? [item.definition] : []));
		return new NodeTypeResolver([...known, ...extraKeys.map((key) => ({ key, endpoints: [] }))], this.packageName);
	}

	async usage(key: string, source: UsageSource): Promise<ConnectorUsage & { name: string; source: string }> {
		const name = this.catalog().find((item) => item.key === key)?.definition?.name ?? key;
		return { ...usageOf(await source.workflows(), key, this.resolver([key])), name, source: source.description };
	}

	/** Usage of every connector the workflows use (keys the registry does not know included). */
	async usageAll(source: UsageSource): Promise<Array<ConnectorUsage & { name: string; known: boolean }>> {
		const items = this.catalog();
		const byKey = usageByConnector(await source.workflows(), this.resolver());
		return [...byKey.values()]
			.map((usage) => {
				const item = items.find((entry) => entry.key === usage.connector);
				return { ...usage, name: item?.definition?.name ?? usage.connector, known: Boolean(item) };
			})
			.sort((a, b) => a.name.localeCompare(b.name));
	}
}

/** "tickets.json: /endpoints/0/method: ..." lines of a DefinitionError, for surfaces that list them. */
export function problemLines(error: DefinitionError): string[] {
	return error.problems.map((problem) => formatProblem(error.source, problem));
}
