import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isApiError } from '../../src/index.js';
import {
  DEFAULT_BODY_LIMIT,
  isJsonContentType,
  readBody,
  readJson,
  safeJsonParse,
} from '../../src/server/body.js';
import { rawRequest, startServer } from '../helpers/server.js';

type Seen = { received?: unknown; error?: unknown };

/** A server answering with what readJson made of the request (or the ApiError's status/code). */
async function jsonEcho(limit?: number) {
  const seen: Seen[] = [];
  const server = await startServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const received = await readJson(req, limit === undefined ? {} : { limit });
      seen.push({ received });
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          received,
          protoIsObject: Object.getPrototypeOf(received) === Object.prototype,
        }),
      );
    } catch (error) {
      seen.push({ error });
      if (!isApiError(error)) throw error;
      const body = JSON.stringify({ code: error.code, message: error.message });
      res.writeHead(error.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...error.headers,
      });
      res.end(body);
    }
  });
  return { ...server, seen };
}

const post = (url: string, body: BodyInit | undefined, contentType?: string) =>
  fetch(url, {
    method: 'POST',
    ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }),
    ...(body === undefined ? {} : { body }),
  });

describe('isJsonContentType', () => {
  it('accepts application/json and application/*+json, UTF-8 only', () => {
    for (const ok of [
      'application/json',
      'Application/JSON',
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
      'application/merge-patch+json',
      'application/vnd.api+json; charset=utf8',
    ]) {
      expect(isJsonContentType(ok)).toBe(true);
    }
    for (const bad of [
      undefined,
      '',
      'text/plain',
      'text/json',
      'application/jsonx',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/+json',
      'application/a b+json',
    ]) {
      expect(isJsonContentType(bad)).toBe(false);
    }
  });
});

describe('safeJsonParse', () => {
  it('parses ordinary JSON unchanged', () => {
    expect(safeJsonParse('{"a":[1,{"b":null}],"constructor":"x"}')).toEqual({
      a: [1, { b: null }],
      constructor: 'x',
    });
    expect(safeJsonParse('"str"')).toBe('str');
  });

  it('drops __proto__ at any depth, also when escaped, so nothing is polluted', () => {
    const texts = [
      '{"__proto__":{"polluted":true},"a":1}',
      '{"nested":{"__proto__":{"polluted":true}},"a":1}',
      '{"\\u005f_proto__":{"polluted":true},"a":1}',
      '[{"__proto__":{"polluted":true}}]',
    ];
    for (const text of texts) {
      const parsed = safeJsonParse(text) as Record<string, unknown>;
      expect(JSON.stringify(parsed)).not.toContain('polluted');
      expect(Object.hasOwn(Array.isArray(parsed) ? parsed[0] : parsed, '__proto__')).toBe(false);
      // Merging the parsed body the naive way must not reach Object.prototype either.
      const target: Record<string, unknown> = {};
      for (const key of Object.keys(parsed)) target[key] = parsed[key];
      Object.assign({}, parsed);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    const parsed = safeJsonParse('{"__proto__":{"polluted":true}}');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('drops constructor members holding a prototype', () => {
    const parsed = safeJsonParse('{"constructor":{"prototype":{"polluted":true}},"a":1}');
    expect(parsed).toEqual({ a: 1 });
    const escaped = safeJsonParse('{"\\u0063onstructor":{"prototype":{"polluted":true}}}');
    expect(escaped).toEqual({});
  });

  it('throws SyntaxError on malformed JSON', () => {
    expect(() => safeJsonParse('{"a":')).toThrow(SyntaxError);
    expect(() => safeJsonParse('{"__proto__":')).toThrow(SyntaxError);
  });
});

describe('readJson over a real socket', () => {
  it('parses a JSON body, with +json types and a BOM', async () => {
    const server = await jsonEcho();
    try {
      const res = await post(server.url, '{"a":1}', 'application/json');
      expect(await res.json()).toEqual({ received: { a: 1 }, protoIsObject: true });
      const merge = await post(server.url, '\uFEFF{"b":2}', 'application/merge-patch+json');
      expect(((await merge.json()) as { received: unknown }).received).toEqual({ b: 2 });
    } finally {
      await server.close();
    }
  });

  it('refuses a missing or non-JSON content type with 415', async () => {
    const server = await jsonEcho();
    try {
      for (const type of [undefined, 'text/plain', 'application/json; charset=iso-8859-1']) {
        const res = await post(server.url, '{"a":1}', type);
        expect(res.status).toBe(415);
        expect(((await res.json()) as { code: string }).code).toBe('unsupported_media_type');
      }
    } finally {
      await server.close();
    }
  });

  it('answers 400 invalid_request for empty, blank, malformed and non-UTF-8 bodies', async () => {
    const server = await jsonEcho();
    try {
      const empty = await post(server.url, undefined, 'application/json');
      expect(empty.status).toBe(400);
      expect(await empty.json()).toEqual({
        code: 'invalid_request',
        message: 'The request body is empty; send a JSON value.',
      });
      expect((await post(server.url, '  \n', 'application/json')).status).toBe(400);
      const malformed = await post(server.url, '{"a":', 'application/json');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toEqual({
        code: 'invalid_request',
        message: 'The request body is not valid JSON.',
      });
      const latin1 = await post(server.url, new Uint8Array([0x22, 0xe9, 0x22]), 'application/json');
      expect(latin1.status).toBe(400);
      expect(((await latin1.json()) as { message: string }).message).toMatch(/UTF-8/);
    } finally {
      await server.close();
    }
  });

  it('keeps __proto__ bodies from polluting prototypes', async () => {
    const server = await jsonEcho();
    try {
      const res = await post(
        server.url,
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"ok":1}',
        'application/json',
      );
      expect(await res.json()).toEqual({ received: { ok: 1 }, protoIsObject: true });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('accepts a body of exactly the limit and refuses one byte more', async () => {
    const server = await jsonEcho(DEFAULT_BODY_LIMIT);
    try {
      const exact = `"${'x'.repeat(DEFAULT_BODY_LIMIT - 2)}"`;
      expect((await post(server.url, exact, 'application/json')).status).toBe(200);
      const over = `"${'x'.repeat(DEFAULT_BODY_LIMIT - 1)}"`;
      const res = await post(server.url, over, 'application/json');
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
      expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
    } finally {
      await server.close();
    }
  });

  it('answers 413 from Content-Length alone, before any body byte is sent', async () => {
    const server = await jsonEcho();
    try {
      // The client announces 10 GB and sends nothing: the answer cannot wait for the body.
      const res = await rawRequest(
        server.port,
        'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 10000000000\r\n\r\n',
      );
      expect(res.status).toBe(413);
      expect(res.closedByServer).toBe(true);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'payload_too_large' });
    } finally {
      await server.close();
    }
  });

  it('answers 413 once a chunked body passes the limit, without waiting for its end', async () => {
    const server = await jsonEcho(1024);
    try {
      const chunk = `400\r\n${'x'.repeat(1024)}\r\n`;
      // Two KiB of a body that never ends (no terminating 0-chunk is ever sent).
      const res = await rawRequest(server.port, [
        'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
        chunk,
        chunk,
      ]);
      expect(res.status).toBe(413);
      expect(res.headers.connection).toBe('close');
      expect(res.closedByServer).toBe(true);
      expect(server.seen).toHaveLength(1);
      expect(isApiError(server.seen[0]?.error, 'payload_too_large')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('readBody resolves the raw bytes within the limit', async () => {
    const server = await startServer(async (req, res) => {
      const bytes = await readBody(req, { limit: 10 });
      res.end(String(bytes.length));
    });
    try {
      const res = await fetch(server.url, { method: 'POST', body: '0123456789' });
      expect(await res.text()).toBe('10');
    } finally {
      await server.close();
    }
  });
});
