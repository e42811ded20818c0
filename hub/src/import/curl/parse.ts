/**
 * A curl command line as data: the options that describe a request, each in the order given.
 * Options that only change how curl runs (-s, -L, -o …) are listed so the importer can say they
 * were ignored; an option this parser does not know is kept as unknown rather than guessed at.
 */
import { shellWords } from './tokenize';

export type DataPart =
	/** -d/--data/--data-ascii (strips newlines, @file), --data-binary (@file, as is), --data-raw (as is). */
	| { kind: 'data'; option: string; text: string }
	/** --data-urlencode: "content", "=content", "name=content", "@file", "name@file". */
	| { kind: 'urlencode'; text: string }
	/** --json: a JSON body, sets Content-Type and Accept. */
	| { kind: 'json'; text: string };

export interface CurlCommand {
	url?: string;
	method?: string;
	headers: Array<[string, string]>;
	data: DataPart[];
	forms: string[];
	/** --url-query: "name=content" pairs added to the query (content taken as is, like --data-urlencode). */
	urlQueries: string[];
	user?: string;
	insecure: boolean;
	get: boolean;
	head: boolean;
	bearer?: string;
	cookies: string[];
	ignored: string[];
	unknown: string[];
	extraUrls: string[];
}

/** Options that take a value and matter to the request. */
const WITH_VALUE: Record<string, string> = {
	'-X': 'request', '--request': 'request', '-H': 'header', '--header': 'header',
	'-d': 'data', '--data': 'data', '--data-ascii': 'data', '--data-binary': 'data', '--data-raw': 'data',
	'--data-urlencode': 'urlencode', '--json': 'json', '-F': 'form', '--form': 'form', '--form-string': 'form',
	'-u': 'user', '--user': 'user', '--url': 'url', '-A': 'agent', '--user-agent': 'agent', '-e': 'referer', '--referer': 'referer',
	'-b': 'cookie', '--cookie': 'cookie', '--oauth2-bearer': 'bearer', '--url-query': 'urlquery',
};
/** Options that take a value and do not change the request itself. */
const IGNORED_WITH_VALUE = new Set([
	'-o', '--output', '-m', '--max-time', '--connect-timeout', '--retry', '-w', '--write-out', '--cacert', '--cert', '--key',
	'-c', '--cookie-jar', '--proxy', '-x', '--resolve', '--limit-rate', '-r', '--range', '--max-redirs', '-T', '--upload-file',
	'--retry-delay', '--retry-max-time', '-K', '--config', '--interface', '--dns-servers', '-U', '--proxy-user', '-E',
]);
/** Flags (no value) that do not change the request, plus the ones that do (-k, -G, -I). */
const FLAGS = new Set(['-s', '--silent', '-S', '--show-error', '-L', '--location', '-v', '--verbose', '-i', '--include', '--compressed',
	'-f', '--fail', '--fail-with-body', '-k', '--insecure', '-G', '--get', '-I', '--head', '-#', '--progress-bar', '-N', '--no-buffer',
	'-O', '--remote-name', '-g', '--globoff', '--http1.1', '--http2', '--tr-encoding', '--no-keepalive', '-4', '-6', '-n', '--netrc',
	'--digest', '--basic', '--ntlm', '--anyauth', '-q', '--location-trusted', '-Z', '--parallel']);

function splitHeader(text: string): [string, string] {
	const colon = text.indexOf(':');
	return colon < 0 ? [text.trim(), ''] : [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}

function apply(command: CurlCommand, option: string, role: string, value: string): void {
	switch (role) {
		case 'request': command.method = value.toUpperCase(); break;
		case 'header': command.headers.push(splitHeader(value)); break;
		case 'data': command.data.push({ kind: 'data', option, text: value }); break;
		case 'urlencode': command.data.push({ kind: 'urlencode', text: value }); break;
		case 'json': command.data.push({ kind: 'json', text: value }); break;
		case 'form': command.forms.push(value); break;
		case 'user': command.user = value; break;
		case 'url': if (command.url) command.extraUrls.push(value); else command.url = value; break;
		case 'agent': command.headers.push(['User-Agent', value]); break;
		case 'referer': command.headers.push(['Referer', value]); break;
		case 'cookie': command.cookies.push(value); break;
		case 'bearer': command.bearer = value; break;
		case 'urlquery': command.urlQueries.push(value); break;
	}
}

function flag(command: CurlCommand, name: string): void {
	if (name === '-k' || name === '--insecure') command.insecure = true;
	else if (name === '-G' || name === '--get') command.get = true;
	else if (name === '-I' || name === '--head') command.head = true;
	else command.ignored.push(name);
}

export function parseCurl(text: string): CurlCommand {
	const words = shellWords(text.trim());
	if (words[0] === '$') words.shift();
	if (!words.length || !/(^|\/)curl(\.exe)?$/.test(words[0])) throw new Error('not a curl command: it must start with "curl"');
	const command: CurlCommand = { headers: [], data: [], forms: [], urlQueries: [], insecure: false, get: false, head: false, cookies: [], ignored: [], unknown: [], extraUrls: [] };
	for (let i = 1; i < words.length; i++) {
		const word = words[i];
		const long = /^(--[^=]+)=(.*)$/s.exec(word);
		const [name, inline] = long ? [long[1], long[2]] : [word, undefined];
		const takeValue = (): string => {
			if (inline !== undefined) return inline;
			if (i + 1 >= words.length) throw new Error(`option ${name} needs a value`);
			return words[++i];
		};
		if (WITH_VALUE[name]) apply(command, name, WITH_VALUE[name], takeValue());
		else if (IGNORED_WITH_VALUE.has(name)) command.ignored.push(`${name} ${takeValue()}`);
		else if (FLAGS.has(name)) flag(command, name);
		else if (/^-[A-Za-z#]{2,}$/.test(word)) {
			// Short options glued together (-sSL) or a short option with its value attached (-XPOST, -H'X: y').
			for (let j = 1; j < word.length; j++) {
				const short = `-${word[j]}`;
				if (WITH_VALUE[short]) {
					const rest = word.slice(j + 1);
					apply(command, short, WITH_VALUE[short], rest || (i + 1 < words.length ? words[++i] : ''));
					break;
				}
				if (FLAGS.has(short)) flag(command, short);
				else command.unknown.push(short);
			}
		} else if (word.startsWith('-') && word.length > 1) command.unknown.push(word);
		else if (command.url === undefined) command.url = word;
		else command.extraUrls.push(word);
	}
	return command;
}
