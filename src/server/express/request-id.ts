import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { resolveRequestId, setRequestIdHeaders } from '../request-id.js';
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
  setRequestIdHeaders(res, header, id);
  return id;
}

/** The id of a request, resolved now when errata's `requestId` middleware did not run. */
export function requestIdOf(settings: Settings, req: Request): string {
  return req.requestId ?? assignRequestId(settings, req, req.res as Response | undefined);
}

/** Marks a request whose id the server step of `errata.attach` assigned. */
const ASSIGNED = Symbol('errata.requestIdAssigned');

type Marked = IncomingMessage & { [ASSIGNED]?: true };

/**
 * The request id step of `errata.attach(server)`: the same assignment as the `requestId`
 * middleware, before Express sees the request (Express 5 keeps `res.locals` when it exists),
 * which spares every request a router layer.
 * @example attachSettings(server, settings, (req, res) => assignOnServer(settings, req, res));
 */
export function assignOnServer(
  settings: Settings,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const raw = res as ServerResponse & { locals?: Record<string, unknown> };
  raw.locals ??= Object.create(null) as Record<string, unknown>;
  assignRequestId(settings, req as Request, res as Response);
  (req as Marked)[ASSIGNED] = true;
}

/**
 * Whether `errata.attach`'s server step assigned the request's id already.
 * @example if (!assignedOnServer(req)) assignRequestId(settings, req, res);
 */
export function assignedOnServer(req: Request): boolean {
  return (req as unknown as Marked)[ASSIGNED] === true;
}
