/**
 * The n8n package's runtime as the hub uses it: one definition of every rule (schema, validator,
 * registry merge/mask/search/versioning, the atomic folder store, the endpoint test), never a copy.
 * `services` is the package's entry point for services; it is kept apart from the nodes' entry
 * point because it uses the file system.
 */
export * from 'n8n-nodes-data-connectors/dist/src/services';
// From the nodes' entry point: the validator the Studio's inline messages come from, and how the
// node turns a response into output records (the Studio's test panel shows them the same way).
export { type EndpointDefinition, readResponse, simplifyRecords, validateDefinition } from 'n8n-nodes-data-connectors/dist/src/index';
