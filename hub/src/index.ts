/**
 * The hub workspace package: code that needs libraries (the Connector Hub service, the Studio,
 * importers). It uses the n8n package's runtime (schema, validator, request builder, redaction,
 * registry) through that package's entry points, never a copy: one definition of every rule.
 */
export * as runtime from './runtime';
export { hubCommand, HUB_USAGE, openStore } from './cli';
export { createHubApp, hubRoutes, API_PREFIX } from './app';
export { Hub, type HubOptions } from './hub';
export { loadConfig, type HubConfig } from './config';
export { folderStore } from './store/folder-store';
export { postgresStore } from './store/postgres-store';
export type { HubStore } from './store/hub-store';
export type { ApiToken, Role } from './http/auth';
export { openApiDocument } from './api/openapi';
