import {
  type IncomingMessage,
  type ServerResponse,
  validateHeaderName,
  validateHeaderValue,
} from 'node:http';
import type { RenderedError } from '../../formats/types.js';
import { mergeVary, withVary } from '../../vary.js';
import { lingerOnClose } from '../linger.js';
import { type OutgoingResponse, send } from '../respond.js';
import { isRepresentationHeader } from '../settings.js';
import type { ReplyLike } from './request.js';

// Writing an answer on whichever response Nest handed the filter: through Fastify's reply when
// there is one (its onSend/onResponse hooks run, and it knows the request is answered), else
// on the node response (Express, and Nest middleware on Fastify).

/** The serializer of an error body: already the bytes to send (Fastify would add a charset). */
const asIs = (body: unknown): string => body as string;

/**
 * Drop the headers a handler set for its success body (see isRepresentationHeader) before an
 * error goes out; the others (CORS, cookies, rate-limit headers, the request id) stay.
 * @example dropRepresentationHeaders(res, replyOf(response), 'x-request-id');
 */
export function dropRepresentationHeaders(
  res: ServerResponse,
  reply: ReplyLike | undefined,
  keep: string,
): void {
  for (const name of res.getHeaderNames()) {
    if (isRepresentationHeader(name, keep)) res.removeHeader(name);
  }
  if (reply === undefined) return;
  for (const name of Object.keys(reply.getHeaders())) {
    if (isRepresentationHeader(name, keep)) reply.removeHeader(name);
  }
}

/**
 * Write a complete answer; false when one of its headers is invalid (nothing was written then),
 * so the caller can answer a plain internal_error instead.
 * @example write(req, res, reply, renderError(error, context));
 */
export function write(
  req: IncomingMessage,
  res: ServerResponse,
  reply: ReplyLike | undefined,
  answer: OutgoingResponse | RenderedError,
): boolean {
  // A `Vary` set before (CORS's `Origin`, on the node response or Fastify's reply) stays, merged.
  const headers = withVary<Record<string, string>>(
    { ...answer.headers },
    mergeVary(res.getHeader('vary'), reply?.getHeaders().vary),
  );
  const names = Object.keys(headers);
  try {
    for (const name of names) {
      validateHeaderName(name);
      validateHeaderValue(name, headers[name] as string);
    }
  } catch {
    return false;
  }
  // An answer before the body was read (a 413, a 404 to an upload) must reach the client.
  lingerOnClose(req);
  if (reply === undefined || reply.sent) return send(res, { ...answer, headers });
  reply.code(answer.status);
  for (const name of names) reply.header(name, headers[name] as string);
  if (answer.body === undefined) reply.send();
  else reply.serializer(asIs).send(answer.body);
  return true;
}
