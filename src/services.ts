/**
 * The registry for services: the CLI and the Connector Hub (hub/). The registry rules (built-in
 * connectors read-only, versions, merge, masking, usage checks), its folder store (atomic, locked
 * writes) and the endpoint test, plus the connectors packaged with this module.
 *
 * A separate entry point from index.ts on purpose: the folder store uses the file system, and n8n
 * nodes import index.ts, which must stay free of files and environment variables. The hub imports
 * `n8n-nodes-data-connectors/dist/src/services`.
 */
export { packagedConnectors } from '../connectors';
export * from './registry/registry';
export * from './registry/store';
export * from './registry/fs-safe';
export * from './registry/mask';
export * from './registry/merge';
export * from './registry/search';
export * from './registry/usage';
export * from './registry/node-types';
export * from './registry/test-endpoint';
export { send as sendRequest, TransportError } from './cli/transport';
export { DefinitionError, parseDefinition } from './definition/validate';
export { formatProblem, type DefinitionProblem } from './definition/issues';
export { MASK } from './redact';
export { connectorJsonSchema } from './definition/json-schema';
export type { CredentialValues } from './auth/apply';
