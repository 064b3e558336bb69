import type { Request } from 'express';
import { splitTarget } from '../router.js';

/** The request path as received: `req.path` is relative to the router a middleware is in. */
export function pathOf(req: Request): string | undefined {
  return splitTarget(req.originalUrl ?? req.url)?.path;
}
