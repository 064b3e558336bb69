import type { Reply } from './handler.js';

/** Serialize a handler's Reply. Throws (TypeError) on a bad status or unserializable body. */
export function replyResponse(reply: Reply) {
  const headers: Record<string, string> = {};
  const given = reply.headers;
  if (given !== undefined) {
    for (const name of Object.keys(given)) headers[name.toLowerCase()] = given[name] as string;
  }
  let body: string | Uint8Array | undefined;
  if (reply.body === undefined || reply.body === null) {
    body = undefined;
  } else if (typeof reply.body === 'string') {
    body = reply.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (reply.body instanceof Uint8Array) {
    body = reply.body;
    headers['content-type'] ??= 'application/octet-stream';
  } else {
    body = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  const status = reply.status ?? (body === undefined ? 204 : 200);
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new TypeError(`errata: a handler replied with an invalid status ${String(status)}.`);
  }
  return { status, headers, body };
}
