import type { Format } from '../../formats/types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import type { Reply } from '../reply.js';
import type { Method } from '../router.js';

export type { Reply } from '../reply.js';

/** What a handler gets. */
export type FetchContext<Params = Record<string, string>> = {
  /** The request, as the runtime gave it. */
  readonly request: Request;
  /** Upper-case request method. */
  readonly method: string;
  /** The request path, still percent-encoded. */
  readonly path: string;
  /** Route params, percent-decoded. */
  readonly params: Params;
  /** The query string, parsed on first access. */
  readonly query: URLSearchParams;
  /** The id in this response's `X-Request-ID`. */
  readonly requestId: string;
  /** The format errors of this request render in. */
  readonly format: Format;
  /**
   * Headers for the response, whichever it is: on a Reply or a returned Response, those it does
   * not set itself; on an error, all but those describing a success body (`Content-*`, `ETag`,
   * `Location`, …), as every adapter keeps CORS, cookies and security headers on errors.
   * @example ctx.headers.set('cache-control', 'no-store');
   */
  readonly headers: Headers;
  /**
   * The runtime's second `fetch` argument: Workers' `env`, Bun's server, Deno's connection
   * info, @hono/node-server's node:http pair; a wrapped handler's second argument.
   */
  readonly env: unknown;
  /** The runtime's third `fetch` argument (Workers' `ExecutionContext`), if any. */
  readonly executionCtx: unknown;
  /**
   * Read the JSON body (once; later calls return the same value), then validate it when a
   * Standard Schema is given. Throws 415, 413, 400 or 422 as ApiErrors.
   * @example const input = await ctx.json(z.object({ value: z.string() }));
   */
  json(): Promise<unknown>;
  json<S extends StandardSchemaV1>(schema: S): Promise<StandardSchemaV1.InferOutput<S>>;
  /** Validate any value with the app's catalog (`validation_error` role on failure). */
  validate<S extends StandardSchemaV1>(
    schema: S,
    value: unknown,
  ): Promise<StandardSchemaV1.InferOutput<S>>;
};

/** What a handler returns: a Response (sent as it is), a Reply, or nothing (204). */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing for a 204.
export type FetchResult = Response | Reply | undefined | void;

/**
 * A route handler: return a Response, a Reply (`{ status, body, headers }`) or nothing (204), or
 * throw (an ApiError renders as itself, anything else as a generic 500).
 */
export type FetchRouteHandler<Params = Record<string, string>> = (
  ctx: FetchContext<Params>,
) => FetchResult | Promise<FetchResult>;

/** Handlers of one path, by method. */
export type FetchRouteHandlers<Params = Record<string, string>> = {
  [M in Method]?: FetchRouteHandler<Params>;
};

/** A fetch handler, as `Bun.serve`, `Deno.serve`, Workers and srvx take it. */
export type FetchHandler = (
  request: Request,
  env?: unknown,
  executionCtx?: unknown,
) => Response | Promise<Response>;
