import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

export const ECHO_HTTP_TYPE = 'harnessEchoHttp';

const asObject = (value: unknown): IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : {};

/** Reads the credential and fills its empty fields from the node's `credentialDefaults`. */
async function credentialsWithDefaults(
	ctx: IExecuteFunctions,
	credentialType: string,
	itemIndex: number,
): Promise<IAdditionalCredentialOptions | undefined> {
	const defaults = asObject(ctx.getNodeParameter('credentialDefaults', itemIndex, {}));
	if (Object.keys(defaults).length === 0) return undefined;
	const details = ctx.getNode().credentials?.[credentialType];
	if (!details?.id) throw new NodeOperationError(ctx.getNode(), `No credential of type ${credentialType}`);
	const data = await ctx.getCredentials<ICredentialDataDecryptedObject>(credentialType, itemIndex);
	for (const [key, value] of Object.entries(defaults)) {
		if (data[key] === undefined || data[key] === '') data[key] = value as ICredentialDataDecryptedObject[string];
	}
	return { credentialsDecrypted: { id: details.id, name: details.name, type: credentialType, data } };
}

/**
 * Test-only node: one `httpRequestWithAuthentication` per item, output = the response body.
 *
 * Parameters: credentialType, method, url, qs (object), body (object), and credentialDefaults
 * (object): when set, the node reads its credential, fills the fields that are empty ('' or
 * missing) from it, and hands the result to n8n-core as `credentialsDecrypted`, the way a node
 * supplies "as the connector declares" values (token URL, scope, key name, ...).
 *
 * The credential types it may use are given to the constructor.
 */
export class EchoHttp implements INodeType {
	description: INodeTypeDescription;

	constructor(credentialTypes: string[] = ['harnessHeaderAuthApi', 'harnessTokenApi']) {
		this.description = {
			displayName: 'Harness Echo HTTP',
			name: ECHO_HTTP_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Test-only node that sends one authenticated request per item',
			defaults: { name: 'Echo HTTP' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: credentialTypes.map((name) => ({ name, required: false })),
			properties: [
				{ displayName: 'Credential Type', name: 'credentialType', type: 'string', default: credentialTypes[0] ?? '' },
				{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Query', name: 'qs', type: 'json', default: {} },
				{ displayName: 'Body', name: 'body', type: 'json', default: {} },
				{ displayName: 'Credential Defaults', name: 'credentialDefaults', type: 'json', default: {} },
			],
		};
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const credentialType = this.getNodeParameter('credentialType', itemIndex) as string;
				const qs = asObject(this.getNodeParameter('qs', itemIndex, {}));
				const body = asObject(this.getNodeParameter('body', itemIndex, {}));
				const request: IHttpRequestOptions = {
					method: this.getNodeParameter('method', itemIndex, 'GET') as IHttpRequestMethods,
					url: this.getNodeParameter('url', itemIndex) as string,
					json: true,
					...(Object.keys(qs).length ? { qs } : {}),
					...(Object.keys(body).length ? { body } : {}),
				};

				const additional = await credentialsWithDefaults(this, credentialType, itemIndex);
				const response: unknown = await this.helpers.httpRequestWithAuthentication.call(
					this,
					credentialType,
					request,
					additional,
				);
				const json = typeof response === 'object' && response !== null && !Array.isArray(response)
					? (response as IDataObject)
					: { data: response as IDataObject[] | string };
				output.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
					continue;
				}
				if (error instanceof NodeApiError || error instanceof NodeOperationError) {
					error.context.itemIndex = itemIndex;
					throw error;
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [output];
	}
}
