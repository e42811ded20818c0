/** The shared runtime's public surface (no n8n types): what nodes, the CLI and other packages use. */
export * from './definition/schema';
export * from './definition/types';
export * from './definition/validate';
export * from './template/parse';
export * from './template/render';
export * from './request/spec';
export * from './request/inputs';
export * from './request/build';
export * from './request/url';
export * from './auth/apply';
export * from './auth/oauth2';
export * from './redact';
export * from './response';
export * from './request/custom';
export * from './request/multipart';
export * from './definition/webhooks';
