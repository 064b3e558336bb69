import type { RequestHandler } from 'express';
import type { Catalog } from '../../catalog-types.js';
import { hasBody, readJson } from '../body.js';
import { checkBodyLimit } from '../settings.js';
import type { JsonOptions } from './options.js';

/** `errata.json()`: options checked now; `bodyLimit` is the app's default limit. */
export function jsonMiddleware(
  options: JsonOptions,
  bodyLimit: number,
  catalog: Catalog,
): RequestHandler {
  const limit = options.limit ?? bodyLimit;
  checkBodyLimit(limit, 'json({ limit })');
  const required = options.required ?? true;
  return function errataJson(req, _res, next) {
    const parsed = (req as { _body?: unknown })._body === true || req.body !== undefined;
    if (parsed || (!required && !hasBody(req))) {
      next();
      return;
    }
    readJson(req, { limit, catalog }).then(
      (body) => {
        req.body = body;
        // body-parser's marker: later parsers leave the body alone.
        (req as { _body?: boolean })._body = true;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
