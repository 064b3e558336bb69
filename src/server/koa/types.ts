import type { Next, ParameterizedContext } from 'koa';

// The shapes every file of errata/koa shares, below all of them (so none imports another in a
// circle).

/**
 * A Koa middleware as errata makes them: typed with Koa's own context, resolving when done.
 * @example app.use(errata.middleware satisfies KoaMiddleware);
 */
export type KoaMiddleware = (ctx: ParameterizedContext, next: Next) => Promise<void>;

/** What Koa hands an `app.on('error', …)` listener besides the error: the request's context. */
export type AppErrorContext = Pick<ParameterizedContext, 'req' | 'method' | 'originalUrl'>;

/** Options of `errata.json()`. */
export type JsonOptions = {
  /**
   * Largest body accepted, in bytes (a positive integer); larger ones get 413 as soon as
   * `Content-Length` announces them or the stream passes the limit.
   * @default the `bodyLimit` given to `errataKoa()` (64 KiB unless set)
   * @example errata.json({ limit: 1024 * 1024 })
   */
  limit?: number | undefined;
  /**
   * Whether a request must carry a body. With `false`, a request without one (no
   * `Content-Length` nor `Transfer-Encoding`, or `Content-Length: 0`) passes with
   * `ctx.request.body` left undefined, so the parser can be mounted app-wide; a request with a
   * body must still be JSON. With `true` (per route), no body is 415 or 400.
   * @default true
   * @example app.use(errata.json({ required: false }))
   */
  required?: boolean | undefined;
};

/** Koa's request, with the `body` member body parsers (@koa/bodyparser, errata's) fill. */
export type RequestWithBody = { body?: unknown };

/**
 * What errata needs of a @koa/router `Router` (read structurally: @koa/router is the app's
 * dependency, not errata's): its dispatch middleware and its matcher.
 */
export type RouterLike = {
  routes(): (ctx: never, next: () => Promise<unknown>) => unknown;
  match(path: string, method: string): { route: boolean };
};
