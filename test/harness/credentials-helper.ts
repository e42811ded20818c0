/**
 * An in-memory ICredentialsHelper that behaves like the n8n server's
 * (packages/cli/src/credentials-helper.ts), which is not shipped as a library.
 *
 * What it reproduces, because nodes depend on it:
 * - getDecrypted: the stored data with the credential type's defaults filled in, and
 *   credential-field expressions resolved when n8n-core passes the values to resolve them with.
 * - authenticate: function-style `authenticate` is called; generic blocks (headers, qs, body, auth)
 *   have each key and value resolved as an expression with `$credentials`, through the workflow's
 *   expression engine, exactly as the server does.
 * - preAuthentication: only for credential types with a hidden `typeOptions.expirable` field, and
 *   only when that field is '' or the caller says the credentials expired (n8n-core says so once
 *   after a 401). A result that carries the expirable field is stored (updateCredentials) and
 *   merged into the credentials object the caller holds; any other result is ignored.
 * - getParentTypes (`extends`, recursively), getCredentialsProperties (parent properties merged
 *   first, own properties win).
 *
 * Every call of a credential type's `preAuthentication` is recorded in `preAuthCalls`, and every
 * read of a credential (`getDecrypted`, a database read and decryption on the server) in `reads`.
 */
import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	deepCopy,
	ICredentials,
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	UnexpectedError,
	UserError,
} from 'n8n-workflow';

/** A credential as stored in the (imaginary) database: plain, unencrypted data. */
export interface StoredCredential {
	id: string;
	/** Display name; defaults to the id. */
	name?: string;
	/** Credential type name, e.g. 'dataConnectorBearerTokenApi'. */
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** One call of a credential type's `preAuthentication`. */
export interface PreAuthCall {
	type: string;
	credentialId: string | null;
	/** true when n8n-core asked for a refresh after a rejected request (401 by default). */
	credentialsExpired: boolean;
}

export type CredentialTypeInput = ICredentialType | (new () => ICredentialType);

const toInstance = (input: CredentialTypeInput): ICredentialType =>
	typeof input === 'function' ? new input() : input;

/** ICredentials over a plain stored record: what `getCredentials()` hands out. */
class MemoryCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private readonly record: StoredCredential,
	) {
		super(details, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return deepCopy(this.record.data);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.record.id, name: this.record.name ?? this.record.id, type: this.type, data: JSON.stringify(this.record.data) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.record.data = deepCopy(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: Array<keyof ICredentialDataDecryptedObject> = [],
	): Promise<void> {
		const next = { ...this.record.data, ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete next[key];
		this.record.data = next;
	}
}

export class InMemoryCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	private readonly store = new Map<string, StoredCredential>();

	/** Every call of a credential type's `preAuthentication`, in order. */
	readonly preAuthCalls: PreAuthCall[] = [];

	/** Every `getDecrypted` call (credential id), in order. */
	readonly reads: string[] = [];

	constructor(credentialTypes: CredentialTypeInput[] = [], credentials: StoredCredential[] = []) {
		super();
		for (const type of credentialTypes) this.addCredentialType(type);
		for (const credential of credentials) this.addCredential(credential);
	}

	addCredentialType(input: CredentialTypeInput): ICredentialType {
		const type = toInstance(input);
		this.types.set(type.name, type);
		return type;
	}

	/** Stores (or replaces) a credential; the data is copied. */
	addCredential(credential: StoredCredential): void {
		if (!this.types.has(credential.type)) {
			throw new UnexpectedError(`Unknown credential type "${credential.type}": register it before its credentials`);
		}
		this.store.set(credential.id, { ...credential, data: deepCopy(credential.data) });
	}

	/** A copy of what is stored now, e.g. to assert that a fetched token was persisted. */
	getStoredData(id: string): ICredentialDataDecryptedObject | undefined {
		const record = this.store.get(id);
		return record ? deepCopy(record.data) : undefined;
	}

	listCredentials(): StoredCredential[] {
		return [...this.store.values()].map((record) => ({ ...record, data: deepCopy(record.data) }));
	}

	getCredentialType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new UnexpectedError('Unknown credential type', { tags: { credentialType: name } });
		return type;
	}

	// ----- ICredentialsHelper -----

	getParentTypes(typeName: string): string[] {
		const parents = this.types.get(typeName)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((supported) => nodeType === supported || nodeType.endsWith(`.${supported}`));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.getCredentialType(typeName);
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (!workflow || !node) {
			throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
		}
		requestOptions.headers ??= {};
		if (authenticate.type !== 'generic') return requestOptions;

		const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
				const resolvedKey = this.resolveValue(key, credentials, workflow, node);
				const resolvedValue = this.resolveValue(value, credentials, workflow, node);
				target[outerKey] ??= {};
				target[outerKey][resolvedKey] = resolvedValue;
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getCredentialType(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const nodeCredentials = node.credentials?.[typeName];
		this.preAuthCalls.push({ type: typeName, credentialId: nodeCredentials?.id ?? null, credentialsExpired });

		// The server hands the hook a helper with nothing but httpRequest.
		const restrictedHelpers: IHttpRequestHelper = {
			helpers: { httpRequest: async (options: IHttpRequestOptions) => await helpers.helpers.httpRequest(options) },
		};
		const output = (await credentialType.preAuthentication.call(restrictedHelpers, credentials)) as
			| ICredentialDataDecryptedObject
			| undefined;

		// Like the server: only a result that carries the expirable field is stored and used.
		if (output?.[expirable.name] === undefined || !nodeCredentials) return undefined;

		const stored = await (await this.getCredentials(nodeCredentials, typeName)).getData();
		const toPersist: ICredentialDataDecryptedObject = { ...stored };
		for (const [key, value] of Object.entries(output)) {
			// Never overwrite a field the user stored as an expression with this run's value.
			if (key === expirable.name || !isExpression(stored[key])) toPersist[key] = value;
		}
		await this.updateCredentials(nodeCredentials, typeName, toPersist);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getCredentialType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const record = this.findRecord(nodeCredentials, type);
		return new MemoryCredentials({ id: record.id, name: record.name ?? record.id }, type, record);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads.push(nodeCredentials.id ?? '');
		const data = deepCopy(this.findRecord(nodeCredentials, type).data);
		if (raw === true) return data;

		// Defaults of the credential type's fields, as the server adds them.
		let decrypted = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } = expressionResolveValues;
			const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
			decrypted = workflow.expression.getParameterValue(
				decrypted as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				decrypted,
			) as ICredentialDataDecryptedObject;
		}
		return decrypted;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.findRecord(nodeCredentials, type).data = deepCopy(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const record = this.findRecord(nodeCredentials, type);
		record.data = { ...record.data, oauthTokenData: deepCopy(data.oauthTokenData) };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getCredentialType(type);
		if (!credentialType.extends) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	// ----- internals -----

	private findRecord(nodeCredentials: INodeCredentialsDetails, type: string): StoredCredential {
		if (!nodeCredentials.id) {
			throw new UserError(`Credential "${nodeCredentials.name}" of type "${type}" has no ID`);
		}
		const record = this.store.get(nodeCredentials.id);
		if (!record || record.type !== type) {
			throw new UserError(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		}
		return record;
	}

	/** Resolves `={{ ... }}` with `$credentials` like the server's resolveValue. */
	private resolveValue(
		value: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? resolved.toString() : '';
	}
}
