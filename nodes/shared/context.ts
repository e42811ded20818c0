/**
 * The plan and fetch steps are written for execute contexts (parameters and credentials per item).
 * A poll, hook (webhook setup) or webhook context offers the same methods without an item index.
 * This view adapts those two calls and leaves everything else (helpers, node, mode, static data)
 * to the context itself, so every trigger calls APIs through the one pipeline.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

export interface ItemlessContext {
	getNodeParameter(name: string, fallback?: unknown): unknown;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

export function asExecuteContext(context: ItemlessContext): IExecuteFunctions {
	const view = Object.create(context) as IExecuteFunctions & Record<string, unknown>;
	view.getNodeParameter = ((name: string, _itemIndex: number, fallback?: unknown) =>
		context.getNodeParameter(name, fallback as never)) as IExecuteFunctions['getNodeParameter'];
	view.getCredentials = ((type: string) => context.getCredentials(type)) as IExecuteFunctions['getCredentials'];
	return view;
}
