import type { Request } from 'express';
import { splitTarget } from '../router.js';

/** Whether a request announces a body (RFC 9112: Transfer-Encoding, or a non-zero length). */
export function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** The request path as received: `req.path` is relative to the router a middleware is in. */
export function pathOf(req: Request): string | undefined {
  return splitTarget(req.originalUrl ?? req.url)?.path;
}
