/**
 * The published JSON Schema (schema/connector.schema.json), derived from the zod schema so the two
 * can never disagree; a test checks the committed file is current.
 */
import { z } from 'zod/v4';
import { connectorSchema } from './schema';

export const SCHEMA_ID = 'https://unpkg.com/n8n-nodes-data-connectors/schema/connector.schema.json';

export function connectorJsonSchema(): Record<string, unknown> {
	// "input" mode: fields with defaults are optional in a file, as they are for the validator.
	const generated = z.toJSONSchema(connectorSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
	return { ...generated, $id: SCHEMA_ID, title: 'Data connector definition' };
}
