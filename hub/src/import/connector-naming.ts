/** A connector's key and name when the source gives only a host (curl) or a title (specs, collections). */
import { camelKey, titleCase } from './names';

export interface ConnectorNaming {
	key?: string;
	name?: string;
}

/** "api.shop.example.com" -> "Shop Example"; "localhost" -> "Localhost". */
export function nameFromHost(host: string): string {
	const parts = host
		.replace(/:\d+$/, '')
		.split('.')
		.filter((part) => !/^(www|api|rest|app)$/i.test(part));
	const meaningful = parts.length > 1 ? parts.slice(0, -1) : parts;
	return titleCase(meaningful.join(' ')) || 'Imported API';
}

/** Key and name from the options first, else from the source's title. */
export function connectorIdentity(title: string, options: ConnectorNaming): { key: string; name: string } {
	const name = options.name?.trim() || title.trim() || 'Imported API';
	return { key: options.key ?? camelKey(name, 'importedApi'), name };
}
