/** Field shapes shared by the sections of the connector schema (schema.ts, webhooks.ts). */
import { z } from 'zod/v4';

/** Keys are used in node parameters, file names and template paths: keep them boring. */
export const key = z
	.string()
	.regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, 'must start with a letter and contain only letters, digits, "-" and "_"');

export const nonEmpty = z.string().min(1, 'must not be empty');

export const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name');
