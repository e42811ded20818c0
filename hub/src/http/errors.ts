/**
 * The hub's error vocabulary on the wire: `{ "error": { "status", "code", "message", "problems"? } }`.
 * Registry refusals and definition problems map to the status a REST client expects; anything
 * unexpected is a 500 whose message says nothing about internals (it is logged instead).
 */
import { DefinitionError, LockTimeoutError, RegistryError, type RegistryErrorCode, TransportError, UsageSourceError } from '../runtime';

export interface Problem {
	path: string;
	message: string;
}

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly extra: Record<string, unknown> = {},
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'HttpError';
	}
}

const REGISTRY_STATUS: Record<RegistryErrorCode, number> = {
	'not-found': 404,
	exists: 409,
	'built-in': 403,
	conflict: 412,
	'in-use': 409,
	'no-folder': 500,
	'bad-request': 400,
};

/** Every error as an HttpError; `internal` is true for the ones a client did not cause. */
export function toHttpError(error: unknown): { error: HttpError; internal: boolean } {
	if (error instanceof HttpError) return { error, internal: false };
	if (error instanceof DefinitionError) {
		const problems: Problem[] = error.problems.map(({ path, message }) => ({ path: path || '/', message }));
		const first = problems[0];
		const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
		return {
			error: new HttpError(400, 'invalid-definition', `The definition is invalid: ${first.path}: ${first.message}${more}`, { problems }),
			internal: false,
		};
	}
	if (error instanceof RegistryError) {
		const status = REGISTRY_STATUS[error.code];
		return { error: new HttpError(status, error.code, error.message), internal: status >= 500 };
	}
	if (error instanceof UsageSourceError) {
		return { error: new HttpError(502, 'usage-check-failed', `The usage check failed: ${error.message}`), internal: false };
	}
	if (error instanceof TransportError) return { error: new HttpError(502, 'endpoint-unreachable', error.message), internal: false };
	if (error instanceof LockTimeoutError) {
		return { error: new HttpError(503, 'busy', error.message, {}, { 'Retry-After': '1' }), internal: false };
	}
	return { error: new HttpError(500, 'internal', 'The hub failed to answer this request; its log says why'), internal: true };
}

export function errorBody(error: HttpError): { error: Record<string, unknown> } {
	return { error: { status: error.status, code: error.code, message: error.message, ...error.extra } };
}
