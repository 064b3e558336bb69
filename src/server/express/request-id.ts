import type { Request, Response } from 'express';
import { resolveRequestId } from '../request-id.js';
import type { Settings } from '../settings.js';

/**
 * Resolve a request's id, set it on the request (`req.requestId`), in `res.locals` and, unless
 * the response started, in its header. Without a response, only the request gets it.
 */
export function assignRequestId(
  settings: Settings,
  req: Request,
  res: Response | undefined,
): string {
  const header = settings.requestId.header;
  const id = resolveRequestId(req.headers[header], settings.requestId);
  req.requestId = id;
  if (res === undefined) return id;
  if (res.locals !== undefined) res.locals.requestId = id;
  if (!res.headersSent) {
    res.setHeader(header, id);
    if (header !== 'x-request-id') res.setHeader('x-request-id', id);
  }
  return id;
}

/** The id of a request, resolved now when errata's `requestId` middleware did not run. */
export function requestIdOf(settings: Settings, req: Request): string {
  return req.requestId ?? assignRequestId(settings, req, req.res as Response | undefined);
}
