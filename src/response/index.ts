/**
 * The response core: read a 2xx response into records, or turn any other status into an error
 * whose message says what went wrong and what to check. Pure: no n8n, no network, no clock
 * unless you pass one.
 */
export { readResponse } from './read';
export {
	ConnectorHttpError,
	httpErrorFor,
	isSuccess,
	parseRetryAfter,
	ResponseFormatError,
	STATUS_TEXT,
	type ConnectorHttpErrorInit,
	type HttpErrorOptions,
	type ResponseFormatProblem,
} from './errors';
export { headerValue, type HttpResponse, type RequestSummary, type ResponseRecord } from './types';
export { simplifyRecord, simplifyRecords, type ResponseFields } from './shape';
export { contentDispositionFileName, safeFileName } from './content-disposition';
