/**
 * The file name a Content-Disposition header gives (RFC 6266): `filename*` (RFC 8187, UTF-8 and
 * percent-encoded) wins over `filename`, as the RFC asks. Only the last path segment is kept, so
 * a name such as "../../etc/passwd" can never become a path. Pure.
 */
function parameters(header: string): Map<string, string> {
	const found = new Map<string, string>();
	const pattern = /;\s*([^\s=;]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]*)/g;
	for (let match = pattern.exec(header); match; match = pattern.exec(header)) {
		const name = match[1].toLowerCase();
		const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[2].trim();
		if (!found.has(name)) found.set(name, value);
	}
	return found;
}

function decodeExtended(value: string): string | undefined {
	const match = /^([\w!#$%&+^`{}~-]*)'[^']*'(.*)$/.exec(value);
	if (!match) return undefined;
	const charset = match[1].toLowerCase();
	try {
		if (charset === 'utf-8') return decodeURIComponent(match[2]);
		if (charset === 'iso-8859-1') return match[2].replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	} catch {
		return undefined;
	}
	return undefined;
}

/** The last segment of a name, without control characters; undefined when nothing usable is left. */
export function safeFileName(name: string | undefined): string | undefined {
	const base = name?.split(/[/\\]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
	return base && base !== '.' && base !== '..' ? base : undefined;
}

export function contentDispositionFileName(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const found = parameters(header);
	const extended = found.get('filename*');
	return safeFileName((extended !== undefined ? decodeExtended(extended) : undefined) ?? found.get('filename'));
}
