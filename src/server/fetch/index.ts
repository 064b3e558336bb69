/**
 * errata/fetch: errata's server rules for the WHATWG fetch standard (`(Request) => Response`):
 * Bun.serve, Deno.serve, Cloudflare Workers, Next.js route handlers, srvx, and Node through any
 * bridge. Web-standard APIs only: no Node built-ins anywhere in this module's imports.
 *
 * @example
 * const app = errata({ catalog, format: 'envelope' });
 * app.route('/v1/secrets/:name', {
 *   GET: ({ params }) => ({ body: secrets.read(params.name) }), // throws catalog errors
 *   PUT: async (ctx) => ({ status: 201, body: await ctx.json(putSchema) }), // 413/415/400/422
 * });
 * export default { fetch: app.fetch }; // Bun, Workers; Deno.serve(app.fetch); srvx serve({ fetch })
 *
 * On Node, what never reaches `fetch` (requests Node's parser refuses, stalls, a missing Host,
 * dot segments the bridge would resolve) is answered by `attachServer` of errata/node on the
 * bridge's node:http server.
 */
export { generateRequestId, isSafeRequestId, type RequestIdOptions } from '../request-id.js';
export type { ErrataOptions, ErrorInfo } from '../settings.js';
export { errata, type FetchErrata } from './app.js';
export type {
  FetchContext,
  FetchHandler,
  FetchResult,
  FetchRouteHandler,
  FetchRouteHandlers,
  Reply,
} from './handler.js';
export { preferLocale } from './locale.js';
export type {
  FetchErrataOptions,
  FetchIdempotency,
  FetchIdempotencyContext,
  FetchLimitOutcome,
  FetchRateLimit,
  FetchRouteOptions,
} from './options.js';
