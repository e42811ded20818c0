/**
 * Splits a shell command line into words the way a POSIX shell does for what people paste: single
 * quotes, double quotes with backslash escapes, $'…' (ANSI-C quoting, which browsers' "Copy as
 * cURL" uses), backslash-newline continuations and Windows "^" continuations. No expansion: a
 * `$VAR` stays as written.
 */
const ANSI_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };

export class ShellSyntaxError extends Error {}

function readAnsi(text: string, start: number): [string, number] {
	let out = '';
	let i = start;
	while (i < text.length && text[i] !== "'") {
		if (text[i] === '\\' && i + 1 < text.length) {
			const next = text[i + 1];
			const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(i + 1));
			const unicode = /^u([0-9a-fA-F]{4})/.exec(text.slice(i + 1));
			if (hex) {
				out += String.fromCharCode(parseInt(hex[1], 16));
				i += 1 + hex[0].length;
			} else if (unicode) {
				out += String.fromCharCode(parseInt(unicode[1], 16));
				i += 1 + unicode[0].length;
			} else {
				out += ANSI_ESCAPES[next] ?? `\\${next}`;
				i += 2;
			}
		} else out += text[i++];
	}
	if (i >= text.length) throw new ShellSyntaxError("unterminated $'…' quote");
	return [out, i + 1];
}

export function shellWords(command: string): string[] {
	const text = command.replace(/\\\r?\n/g, '').replace(/\^\r?\n/g, '');
	const words: string[] = [];
	let word: string | undefined;
	let i = 0;
	while (i < text.length) {
		const char = text[i];
		if (/\s/.test(char)) {
			if (word !== undefined) words.push(word);
			word = undefined;
			i++;
		} else if (char === "'") {
			const end = text.indexOf("'", i + 1);
			if (end < 0) throw new ShellSyntaxError('unterminated single quote');
			word = (word ?? '') + text.slice(i + 1, end);
			i = end + 1;
		} else if (char === '$' && text[i + 1] === "'") {
			const [value, next] = readAnsi(text, i + 2);
			word = (word ?? '') + value;
			i = next;
		} else if (char === '"') {
			let value = '';
			i++;
			while (i < text.length && text[i] !== '"') {
				if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) {
					value += text[i + 1];
					i += 2;
				} else value += text[i++];
			}
			if (i >= text.length) throw new ShellSyntaxError('unterminated double quote');
			word = (word ?? '') + value;
			i++;
		} else if (char === '\\' && i + 1 < text.length) {
			word = (word ?? '') + text[i + 1];
			i += 2;
		} else {
			word = (word ?? '') + char;
			i++;
		}
	}
	if (word !== undefined) words.push(word);
	return words;
}
