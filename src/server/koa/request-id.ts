import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ParameterizedContext } from 'koa';
import { resolveRequestId, setRequestIdHeaders } from '../request-id.js';
import type { Settings } from '../settings.js';

// The id lives on the raw request, so the server step of `errata.attach` (which runs before
// Koa makes a context) and the middleware share it. A symbol-keyed property, not a WeakMap: one
// WeakMap entry per request costs the GC more than the property.
const REQUEST_ID = Symbol('errata.requestId');

type Marked = IncomingMessage & { [REQUEST_ID]?: string };

/** Set the id on a response that has not started: the configured header and `X-Request-ID`. */
function stamp(settings: Settings, res: ServerResponse, id: string): void {
  setRequestIdHeaders(res, settings.requestId.header, id);
}

/**
 * The request's id: the one `errata.attach` or the middleware resolved, else resolved now (the
 * caller's safe one or a generated one), set on the response and in `ctx.state.requestId`.
 * @example const id = assignRequestId(settings, ctx);
 */
export function assignRequestId(settings: Settings, ctx: ParameterizedContext): string {
  const req = ctx.req as Marked;
  let id = req[REQUEST_ID];
  if (id === undefined) {
    id = resolveRequestId(req.headers[settings.requestId.header], settings.requestId);
    req[REQUEST_ID] = id;
    stamp(settings, ctx.res, id);
  }
  // Koa's place for what middleware hands on; a handler may read it without errata's API.
  const state = ctx.state as { requestId?: unknown } | undefined;
  if (state !== undefined && state !== null) state.requestId = id;
  return id;
}

/**
 * The id of a request, resolved now when neither the middleware nor `errata.attach` did.
 * @example requestIdOf(settings, ctx) // 'req_…'
 */
export function requestIdOf(settings: Settings, ctx: ParameterizedContext): string {
  return (ctx.req as Marked)[REQUEST_ID] ?? assignRequestId(settings, ctx);
}

/**
 * The id a request was given, if any (for Koa's `error` event, whose context may be any shape).
 * @example knownRequestId(ctx.req) // 'req_…' or undefined
 */
export function knownRequestId(req: IncomingMessage | undefined): string | undefined {
  return (req as Marked | undefined)?.[REQUEST_ID];
}

/**
 * The request id step of `errata.attach(server)`: resolve and set the id before Koa sees the
 * request, so answers errata gives outside Koa (a stalled body) carry the same one.
 * @example attachSettings(server, settings, (req, res) => assignOnServer(settings, req, res));
 */
export function assignOnServer(
  settings: Settings,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const id = resolveRequestId(req.headers[settings.requestId.header], settings.requestId);
  (req as Marked)[REQUEST_ID] = id;
  stamp(settings, res, id);
}
