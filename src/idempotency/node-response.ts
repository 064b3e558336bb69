// The Idempotency-Key middleware's side of a node:http response (errata/node, Express; Fastify
// captures through it too): copy what the handler answers as it is written, store it before the
// last byte goes out, and replay a stored one.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Catalog } from '../catalog-types.js';
import { readBody, rememberBody } from '../server/body.js';
import type { Begin, Idempotency, IdempotencyRequest, Run } from './idempotency.js';
import { storableHeaders } from './stored-headers.js';
import type { StoredResponse } from './types.js';

/**
 * The engine's view of a node:http request; `path` is the target as the client sent it, when the
 * framework keeps it elsewhere (Koa's `ctx.originalUrl`: a mount rewrites `req.url`).
 * @example engine.begin(nodeRequest(req), body)
 */
export function nodeRequest(req: IncomingMessage, path?: string): IdempotencyRequest {
  return {
    method: req.method ?? 'GET',
    // Express's `originalUrl`: its `url` is relative to where the router is mounted.
    path: path ?? (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/',
    header: (name) => req.headers[name],
  };
}

const NO_BODY = new Uint8Array(0);

/**
 * Read the body of a keyed request (bounded, kept for the handler's parser) and decide the
 * request. A body a parser already read is fingerprinted as its JSON: `framework.parsed` (Koa's
 * `ctx.request.body`), else Express's `req.body`. `framework.path`: the target as sent, when the
 * framework keeps it apart from `req.url` (Koa's `ctx.originalUrl`).
 * @example const begun = await beginNode(engine, req, { limit, catalog });
 */
export async function beginNode(
  engine: Idempotency,
  req: IncomingMessage,
  options: { limit: number; catalog: Catalog },
  framework: { path?: string | undefined; parsed?: unknown } = {},
): Promise<Begin> {
  // Callers only come here for a method the engine covers (and `begin` checks it again).
  const request = nodeRequest(req, framework.path);
  // Without a key the body plays no part (the request passes, or is refused for want of one):
  // it stays unread, for the handler and its own limit.
  if (req.headers['idempotency-key'] === undefined) return engine.begin(request, NO_BODY);
  const { body: parsedHere, _body: marked } = req as IncomingMessage & {
    body?: unknown;
    _body?: unknown;
  };
  let body: Uint8Array;
  if (framework.parsed !== undefined) {
    // A framework parsed it already (Koa's `ctx.request.body`): fingerprinted as its JSON.
    body = Buffer.from(JSON.stringify(framework.parsed) ?? '', 'utf8');
  } else if (parsedHere !== undefined && (marked === true || req.readableEnded)) {
    // A parser (errata.json(), body-parser: both set `_body`) drained the stream already.
    body = Buffer.from(JSON.stringify(parsedHere) ?? '', 'utf8');
  } else {
    const bytes = await readBody(req, options);
    rememberBody(req, bytes);
    body = bytes;
  }
  return engine.begin(request, body);
}

/**
 * Write a stored response, marked `Idempotent-Replayed: true`; headers already set stay.
 * @example if (begun.kind === 'replay') replayNode(res, begun.response);
 */
export function replayNode(res: ServerResponse, response: StoredResponse): void {
  for (const name of Object.keys(response.headers)) {
    res.setHeader(name, response.headers[name] as string);
  }
  res.setHeader('idempotent-replayed', 'true');
  res.setHeader('content-length', response.body.byteLength);
  res.statusCode = response.status;
  res.end(response.body);
}

type Chunk = string | Uint8Array;

/**
 * Copy what the handler writes to `res` (status, headers, body up to `run.maxResponseBytes`) and,
 * when it ends the response, store it before the last write goes out (a retry arriving right
 * after the answer finds it). A response that closes unfinished releases the key.
 * @example if (begun.kind === 'run') captureNode(res, begun.run, 'x-request-id');
 */
export function captureNode(res: ServerResponse, run: Run, idHeader: string): void {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  let headArgs: OutgoingHttpHeaders | undefined;
  const { write, end, writeHead } = res;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (over || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : (chunk as Uint8Array);
    size += bytes.byteLength;
    if (size > run.maxResponseBytes) {
      over = true;
      chunks.length = 0;
    } else chunks.push(bytes);
  };
  res.writeHead = function capturedWriteHead(this: ServerResponse, ...args: unknown[]) {
    const headers = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null);
    if (headers !== undefined && !Array.isArray(headers)) headArgs = headers as OutgoingHttpHeaders;
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
  res.write = function capturedWrite(this: ServerResponse, chunk: Chunk, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  res.end = function capturedEnd(this: ServerResponse, ...args: unknown[]) {
    res.write = write;
    res.end = end;
    res.writeHead = writeHead;
    const [chunk, encoding] = args;
    if (typeof chunk !== 'function') keep(chunk, encoding);
    const response: StoredResponse | undefined = over
      ? undefined
      : {
          status: res.statusCode,
          headers: storableHeaders({ ...res.getHeaders(), ...headArgs }, idHeader),
          body: chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, size),
        };
    run.finish(response).then(() => {
      (end as (...a: unknown[]) => ServerResponse).apply(res, args);
    });
    return res;
  } as ServerResponse['end'];
  res.once('close', () => {
    if (!res.writableFinished) void run.abandon();
  });
}
