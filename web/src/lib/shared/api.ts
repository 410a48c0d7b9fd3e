/**
 * The API's request and response shapes, as JSON schemas (TypeBox) with their TypeScript types.
 * The server validates and serialises with these schemas; the web app imports only the types
 * (`import type`): the codes and labels it needs at run time are in codes.ts, so TypeBox stays
 * out of the browser's bundle (a test checks the build). One file an area, under api/; import
 * from here.
 */
export * from './codes.js';
export * from './api/common.js';
export * from './api/dashboard.js';
export * from './api/sites.js';
export * from './api/uploads.js';
export * from './api/admin.js';
