/**
 * Turns schema issues into the one message format every surface prints:
 *   "<file>: /endpoints/2/method: must be one of GET, POST, PUT, PATCH, DELETE"
 * The path is a JSON pointer into the definition so an editor can jump to it.
 */
import type { z } from 'zod/v4';

export interface DefinitionProblem {
	/** JSON pointer, "" for the whole document. */
	path: string;
	message: string;
}

export function pointer(path: ReadonlyArray<PropertyKey>): string {
	return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (value === undefined) return 'nothing';
	return `a ${typeof value}`;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
	let value = root;
	for (const segment of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<PropertyKey, unknown>)[segment];
	}
	return value;
}

const TYPE_NAMES: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	int: 'a whole number',
	boolean: 'true or false',
	object: 'an object',
	array: 'an array',
};

function messageFor(issue: z.core.$ZodIssue, root: unknown): string {
	switch (issue.code) {
		case 'invalid_type': {
			const actual = valueAt(root, issue.path);
			if (actual === undefined) return 'is required';
			return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, not ${describeType(actual)}`;
		}
		case 'invalid_value':
			return issue.values.length === 1
				? `must be ${JSON.stringify(issue.values[0])}`
				: `must be one of ${issue.values.map(String).join(', ')}`;
		case 'unrecognized_keys':
			return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
		case 'invalid_union':
			if ((issue as { note?: string }).note === 'No matching discriminator') {
				const actual = valueAt(root, issue.path);
				return actual === undefined ? 'is required' : `unknown value ${JSON.stringify(actual)}`;
			}
			return 'does not match any allowed form';
		case 'too_small':
			if (issue.origin === 'array') return issue.message.startsWith('must') ? issue.message : `must have at least ${String(issue.minimum)} entries`;
			if (issue.origin === 'string') return issue.message.startsWith('must') ? issue.message : 'must not be empty';
			return `must be at least ${String(issue.minimum)}`;
		case 'too_big':
			return `must be at most ${String(issue.maximum)}`;
		case 'invalid_format':
			return issue.message.startsWith('must') ? issue.message : `is not a valid ${issue.format}`;
		case 'invalid_key': {
			// The key's own issue carries the useful wording, e.g. "must be an HTTP status code".
			const inner = issue.issues[0]?.message;
			return inner?.startsWith('must') ? inner : 'is not an allowed key';
		}
		default:
			return issue.message;
	}
}

export function problemsFromIssues(issues: ReadonlyArray<z.core.$ZodIssue>, root: unknown): DefinitionProblem[] {
	return issues.map((issue) => {
		// Unknown keys are reported on the object; point at the key itself, which is what needs fixing.
		const path =
			issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]] : issue.path;
		return { path: pointer(path), message: messageFor(issue, root) };
	});
}

export function formatProblem(source: string, problem: DefinitionProblem): string {
	return `${source}: ${problem.path || '/'}: ${problem.message}`;
}
