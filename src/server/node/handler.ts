import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Format } from '../../formats/types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import type { Reply } from '../reply.js';
import type { Method } from '../router.js';
import type { RouteOptions } from './options.js';

/** What a handler gets. */
export type Context<Params = Record<string, string>> = {
  readonly req: IncomingMessage;
  /** The raw response: write to it to take over (then return nothing). */
  readonly res: ServerResponse;
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

export type { Reply } from '../reply.js';

/**
 * A route handler: return a Reply (or nothing for 204), or throw an ApiError. A handler that
 * wrote the response itself returns nothing.
 */
export type Handler<Params = Record<string, string>> = (
  ctx: Context<Params>,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that wrote the response returns nothing.
) => Reply | undefined | void | Promise<Reply | undefined | void>;

/** Handlers of one path, by method. */
export type RouteHandlers<Params = Record<string, string>> = {
  [M in Method]?: Handler<Params>;
};

/** The handler routing found for a request, with its params and its route's options. */
export type Resolved = {
  handler: Handler;
  params: Record<string, string>;
  options: RouteOptions;
};
