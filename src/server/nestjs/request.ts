import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Format } from '../../formats/types.js';
import { resolveRequestId, setRequestIdHeaders } from '../request-id.js';
import type { Settings } from '../settings.js';

// What errata reads of the request and response objects Nest hands filters, guards and
// interceptors: Express's `req`/`res` (node objects themselves), Fastify's `FastifyRequest` /
// `FastifyReply` (the node objects under `.raw`), or the raw node objects (Nest middleware on
// Fastify runs under @fastify/middie). Everything errata keeps about a request lives on the raw
// IncomingMessage, so every one of those views finds it.

/**
 * What errata reads of a Fastify reply, without importing fastify.
 * @example const reply: ReplyLike | undefined = replyOf(host.getArgByIndex(1));
 */
export type ReplyLike = {
  readonly raw: ServerResponse;
  readonly sent: boolean;
  code(status: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  getHeaders(): Record<string, unknown>;
  removeHeader(name: string): ReplyLike;
  serializer(fn: (payload: unknown) => string): ReplyLike;
  send(payload?: unknown): ReplyLike;
};

/**
 * The raw node request under a platform request (itself on Express).
 * @example rawRequestOf(fastifyRequest) === fastifyRequest.raw // true
 */
export function rawRequestOf(request: unknown): IncomingMessage {
  const raw = (request as { raw?: unknown } | null)?.raw;
  return (isIncoming(raw) ? raw : request) as IncomingMessage;
}

function isIncoming(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IncomingMessage).headers === 'object' &&
    typeof (value as IncomingMessage).on === 'function'
  );
}

/**
 * The Fastify reply among a response object, or undefined (Express, raw node responses).
 * @example replyOf(expressResponse) // undefined
 */
export function replyOf(response: unknown): ReplyLike | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const candidate = response as Partial<ReplyLike>;
  return typeof candidate.code === 'function' &&
    typeof candidate.serializer === 'function' &&
    typeof candidate.raw === 'object'
    ? (candidate as ReplyLike)
    : undefined;
}

/**
 * The raw node response under a platform response (itself on Express).
 * @example rawResponseOf(fastifyReply) === fastifyReply.raw // true
 */
export function rawResponseOf(response: unknown): ServerResponse {
  return (replyOf(response)?.raw ?? response) as ServerResponse;
}

/**
 * The request target as received: Express rewrites `req.url` inside mounted routers.
 * @example targetOf(req) // '/v1/secrets/db?x=1'
 */
export function targetOf(request: unknown): string {
  const original = (request as { originalUrl?: unknown } | null)?.originalUrl;
  if (typeof original === 'string') return original;
  return rawRequestOf(request).url ?? '/';
}

const REQUEST_ID = Symbol('errata.nest.requestId');
const PINNED = Symbol('errata.nest.format');

type Marked = IncomingMessage & { [REQUEST_ID]?: string; [PINNED]?: Format };

/**
 * The id errata resolved for a request (set before Nest sees it on an attached server, else by
 * the interceptor or the filter), or undefined when none did yet.
 * @example requestIdOf(req) // 'req_…'
 */
export function requestIdOf(request: unknown): string | undefined {
  return (rawRequestOf(request) as Marked)[REQUEST_ID];
}

/**
 * Put a request's id in the response headers, unless the response started.
 * @example setIdHeader(settings, res, 'req_abc');
 */
export function setIdHeader(settings: Settings, res: ServerResponse, id: string): void {
  setRequestIdHeaders(res, settings.requestId.header, id);
}

/**
 * The request's id, resolved (and put in the response headers) now when nothing did yet: the
 * caller's safe `X-Request-ID`, else a generated one.
 * @example assignRequestId(settings, req, res) // 'req_…'
 */
export function assignRequestId(settings: Settings, req: IncomingMessage, res?: ServerResponse) {
  const marked = req as Marked;
  const known = marked[REQUEST_ID];
  if (known !== undefined) return known;
  const id = resolveRequestId(req.headers[settings.requestId.header], settings.requestId);
  marked[REQUEST_ID] = id;
  if (res !== undefined) setIdHeader(settings, res, id);
  return id;
}

/**
 * Pin the format of a request's errors (the route's `@ErrataFormat()`).
 * @example pinFormat(req, negotiateFormat({ route: 'problem' }));
 */
export function pinFormat(req: IncomingMessage, format: Format): void {
  (req as Marked)[PINNED] = format;
}

/**
 * The format pinned for a request, if any.
 * @example pinnedFormat(req)?.name // 'problem'
 */
export function pinnedFormat(req: IncomingMessage): Format | undefined {
  return (req as Marked)[PINNED];
}
