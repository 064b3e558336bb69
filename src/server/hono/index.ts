/**
 * errata/hono: errata's server rules for Hono 4, on Node (@hono/node-server) and on every fetch
 * runtime (Deno, Bun, Workers): no Node built-ins anywhere in this module's imports.
 *
 * @example
 * const errata = errataHono({ catalog, format: 'envelope' });
 * const app = new Hono();
 * app.onError(errata.onError);
 * app.notFound(errata.notFound(app)); // 404, or 405 with Allow for a known path
 * app.put('/v1/items/:id', errata.validator('json', schema), (c) => c.json(c.req.valid('json')));
 * serve({ fetch: errata.fetch(app) }); // request ids, X-Request-ID (or app.use(errata.middleware))
 *
 * On Node, what never reaches `app.fetch` (requests Node's parser refuses, headers or a body
 * that stall, a chunk-framing error, a missing Host, `Expect: bogus`, `OPTIONS *` and targets
 * Hono's Node adaptor cannot make a URL of) is answered by `attachServer` of errata/node, which
 * this module cannot import (it stays free of Node built-ins): pass it the server the adaptor's
 * `createAdaptorServer({ fetch: app.fetch })` makes, before it listens.
 */
export { generateRequestId, isSafeRequestId, type RequestIdOptions } from '../request-id.js';
export type { ErrataOptions, ErrorInfo } from '../settings.js';
export type { RepeatedQuery } from '../web-body.js';
export type { RoutedApp } from './allow.js';
export { errataHono } from './errata-hono.js';
export type { FetchApp, FetchHandler } from './fetch.js';
export { preferLocale } from './locale.js';
export type {
  ErrataEnv,
  ErrataVariables,
  HonoErrata,
  HonoErrataOptions,
  ValidatedInput,
  ValidationTarget,
  ValidatorOptions,
} from './options.js';
