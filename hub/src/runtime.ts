/**
 * The n8n package's runtime as the hub uses it: one definition of every rule (schema, validator,
 * registry merge/mask/search/versioning, the atomic folder store, the endpoint test), never a copy.
 * `services` is the package's entry point for services; it is kept apart from the nodes' entry
 * point because it uses the file system.
 */
export * from 'n8n-nodes-data-connectors/dist/src/services';
