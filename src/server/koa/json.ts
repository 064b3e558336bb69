import type { Catalog } from '../../catalog-types.js';
import { hasBody, readJson } from '../body.js';
import { checkBodyLimit } from '../settings.js';
import type { JsonOptions, KoaMiddleware, RequestWithBody } from './types.js';

/**
 * `errata.json()`: options checked now; `bodyLimit` is the app's default limit.
 * @example router.post('/things', jsonMiddleware({ limit: 1024 }, 65536, catalog), handler);
 */
export function jsonMiddleware(
  options: JsonOptions,
  bodyLimit: number,
  catalog: Catalog,
): KoaMiddleware {
  const limit = options.limit ?? bodyLimit;
  checkBodyLimit(limit, 'json({ limit })');
  const required = options.required ?? true;
  if (typeof required !== 'boolean')
    throw new TypeError('errata: json({ required }) must be a boolean.');
  return async function errataJson(ctx, next) {
    const request = ctx.request as RequestWithBody;
    if (request.body === undefined && (required || hasBody(ctx.req))) {
      // Bounded while streaming: the rest of a body past the limit is never read.
      request.body = await readJson(ctx.req, { limit, catalog });
    }
    await next();
  };
}
