/**
 * The hub workspace package: code that needs libraries (the Connector Hub service, the Studio,
 * importers). It uses the n8n package's runtime (schema, validator, request builder, redaction)
 * through that package's public entry point, never a copy: one definition of every rule.
 */
export * as runtime from 'n8n-nodes-data-connectors';
