/**
 * A successful response a handler returns instead of writing one (errata/node, errata/fetch).
 * `body`: a string is sent as `text/plain`, bytes as `application/octet-stream`, anything else
 * as JSON (unless `headers` set a content type).
 * @example const reply: Reply = { status: 201, body: { id: 7 }, headers: { location: '/v1/items/7' } };
 */
export type Reply = {
  /** @default 200 with a body, 204 without */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
};

/**
 * Serialize a handler's Reply. Throws (TypeError) on a bad status or unserializable body.
 * @example replyResponse({ body: { ok: true } }) // { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }
 */
export function replyResponse(reply: Reply): {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
} {
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
