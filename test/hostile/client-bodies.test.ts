import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiError, isApiError } from '../../src/api-error.js';
import { createClient } from '../../src/client/index.js';
import { type RunningServer, startServer } from '../helpers/server.js';

// Hostile servers for the JSON helpers' success bodies: endless, huge, and lying about their
// size. Memory is checked where it is decided: how much the server managed to write before the
// client hung up (an unbounded reader would let it write until the attempt's timeout).

const KiB = 1024;
const MiB = 1024 * KiB;
const CHUNK = 64 * KiB;

/**
 * Bytes the kernel's socket buffers on both ends (and fetch's stream queue) may take in before
 * backpressure reaches the server: loopback buffers grow to a few MiB. Written beyond the bound
 * plus this, the client would be holding what it should have dropped.
 */
const SLACK = 8 * MiB;

const open: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** What a streaming server wrote, and a promise of its connection's end. */
type Stream = { written: number; closed: Promise<void> };

/**
 * A server answering 200 JSON with an endless body (`[0,0,0,…`) written as fast as the client
 * takes it, after `headers`; `written` counts what the socket accepted.
 */
async function endless(headers: Record<string, string> = {}, pace = true) {
  const streams: Stream[] = [];
  const server = await startServer((_req, res) => {
    let done = false;
    let markClosed = () => {};
    const stream: Stream = { written: 0, closed: new Promise((r) => (markClosed = r)) };
    streams.push(stream);
    res.on('close', () => {
      done = true;
      markClosed();
    });
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.write('[');
    const chunk = Buffer.from('0,'.repeat(CHUNK / 2));
    const pump = () => {
      while (!done) {
        stream.written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    if (pace) pump();
  });
  open.push(server);
  return { url: server.url, streams };
}

/** A server answering 200 JSON with exactly this body. */
async function fixed(body: Buffer | string, chunked = false) {
  const server = await startServer((_req, res: ServerResponse) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(chunked ? {} : { 'content-length': String(bytes.length) }),
    });
    // In pieces, so multi-byte characters and the bound fall across chunks.
    for (let at = 0; at < bytes.length; at += 1000) res.write(bytes.subarray(at, at + 1000));
    res.end();
  });
  open.push(server);
  return server;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (isApiError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('success bodies are read up to maxBodyBytes', () => {
  it('an endless body rejects with response_too_large; the server wrote no more than the bound and the buffers', async () => {
    const api = await endless();
    // A timeout long enough never to be what ends it: an unbounded reader fails with it instead.
    const client = createClient({ baseUrl: api.url, maxBodyBytes: MiB, timeoutMs: 5_000 });
    const error = await rejection(client.get('/v1/items'));
    expect(error).toMatchObject({
      status: 502,
      code: 'response_too_large',
      retryable: false,
      format: 'network',
      details: { maxBodyBytes: MiB },
    });
    const [stream] = api.streams;
    await stream?.closed; // the client cancelled: the connection is gone
    expect(api.streams).toHaveLength(1); // not retried
    expect(stream?.written).toBeLessThanOrEqual(MiB + SLACK);
  });

  it('the default bound is 10 MiB', async () => {
    const api = await endless();
    const client = createClient({ baseUrl: api.url, timeoutMs: 10_000 });
    const error = await rejection(client.get('/v1/items'));
    expect(error).toMatchObject({
      code: 'response_too_large',
      details: { maxBodyBytes: 10 * MiB },
    });
    await api.streams[0]?.closed;
    expect(api.streams[0]?.written).toBeLessThanOrEqual(10 * MiB + SLACK);
  });

  it('a Content-Length over the bound rejects before any body byte arrives', async () => {
    // Headers only, then silence: a reader that waits for the body waits until its timeout.
    const api = await endless({ 'content-length': String(20 * 1024 * MiB) }, false);
    const client = createClient({ baseUrl: api.url, maxBodyBytes: MiB, timeoutMs: 5_000 });
    expect((await rejection(client.get('/x'))).code).toBe('response_too_large');
    await api.streams[0]?.closed;
  });

  it('a body of exactly the bound is read; one byte more is not', async () => {
    const body = JSON.stringify({ s: 'é'.repeat(3000) }); // 6 010 bytes, characters across chunks
    const size = Buffer.byteLength(body);
    for (const chunked of [false, true]) {
      const exact = await fixed(body, chunked);
      const client = createClient({ baseUrl: exact.url, maxBodyBytes: size });
      expect(await client.get('/x')).toEqual({ s: 'é'.repeat(3000) });
      const less = createClient({ baseUrl: exact.url, maxBodyBytes: size - 1 });
      expect((await rejection(less.get('/x'))).code).toBe('response_too_large');
    }
  });

  it('a request may raise the bound, Infinity included; bad values are refused', async () => {
    const big = await fixed(Buffer.from(`"${'a'.repeat(2 * MiB)}"`));
    const client = createClient({ baseUrl: big.url, maxBodyBytes: MiB });
    expect((await rejection(client.get('/x'))).code).toBe('response_too_large');
    expect(await client.get<string>('/x', { maxBodyBytes: 3 * MiB })).toHaveLength(2 * MiB);
    expect(await client.get<string>('/x', { maxBodyBytes: Number.POSITIVE_INFINITY })).toHaveLength(
      2 * MiB,
    );
    expect(() => createClient({ baseUrl: big.url, maxBodyBytes: -1 })).toThrow(TypeError);
    expect(() => createClient({ baseUrl: big.url, maxBodyBytes: 1.5 })).toThrow(TypeError);
  });

  it('a UTF-8 BOM is dropped, as Response.text() does', async () => {
    const api = await fixed(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]),
    );
    expect(await createClient({ baseUrl: api.url }).get('/x')).toEqual({ a: 1 });
  });

  it('request() streams a body of any size: the Response comes back unread', async () => {
    const body = Buffer.alloc(12 * MiB, 0x20);
    const api = await fixed(Buffer.concat([Buffer.from('"'), body, Buffer.from('"')]), true);
    const client = createClient({ baseUrl: api.url });
    expect((await rejection(client.get('/x'))).code).toBe('response_too_large');
    const res = await client.request('/x');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let total = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) total += r.value.byteLength;
    expect(total).toBe(12 * MiB + 2);
  });
});
