import { createServer } from 'node:http';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/index.js';
import { clientErrorHandler, type ErrataOptions, errata } from '../../src/server/node/index.js';
import { rawRequest, startServer } from '../helpers/server.js';
import { catalog, withApp } from './node/fixtures.js';

/** A request with a header value Node's parser refuses, and with a header block too large. */
const NUL_HEADER = 'GET /t HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\n\r\n';
const DEL_HEADER = 'GET /t HTTP/1.1\r\nHost: x\r\nX-Bad: a\x7fb\r\n\r\n';
const BAD_METHOD = 'G(T /t HTTP/1.1\r\nHost: x\r\n\r\n';
const HUGE_HEADERS = `GET /t HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;

describe('requests the HTTP parser refuses (clientError)', () => {
  it('answers malformed requests with invalid_request in the app format, with X-Request-ID', async () => {
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 'ok' }) }));
    try {
      for (const request of [NUL_HEADER, DEL_HEADER, BAD_METHOD]) {
        const res = await rawRequest(server.port, request);
        const where = JSON.stringify(request);
        expect(res.status, where).toBe(400);
        expect(res.headers['content-type'], where).toBe('application/json');
        expect(res.headers.connection, where).toBe('close');
        expect(res.headers['cache-control'], where).toBe('no-store');
        const requestId = res.headers['x-request-id'];
        expect(requestId, where).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
        expect(res.closedByServer, where).toBe(true);
        expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
        const error = parseErrorBody({ status: res.status, headers: res.headers, body: res.body });
        expect(error.code, where).toBe('invalid_request');
        expect(error.requestId, where).toBe(requestId);
        expect(error.format, where).toBe('envelope');
      }
      // The server keeps serving.
      expect(await (await fetch(`${server.url}/t`)).text()).toBe('ok');
    } finally {
      await server.close();
    }
  });

  it('answers a header block over maxHeaderSize with 431 in the app format', async () => {
    const app = errata({ catalog, format: 'problem' });
    const server = await startServer(app);
    try {
      const res = await rawRequest(server.port, HUGE_HEADERS);
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.headers.connection).toBe('close');
      expect(res.headers['x-request-id']).toMatch(/^req_/);
      expect(res.closedByServer).toBe(true);
      const body = JSON.parse(res.body) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: 431,
        title: 'Request Header Fields Too Large',
        code: 'request_header_fields_too_large',
        request_id: res.headers['x-request-id'],
      });
    } finally {
      await server.close();
    }
  });

  it('works with errata.wrap() through clientErrorHandler, with a custom id header', async () => {
    const options: ErrataOptions = {
      catalog,
      format: 'jsonapi',
      requestId: { header: 'X-Trace-ID', generate: () => 'trace-1' },
    };
    const {
      server: http,
      port,
      close,
    } = await startServer(errata.wrap(() => ({ body: 'ok' }), options));
    http.on('clientError', clientErrorHandler(options));
    try {
      const res = await rawRequest(port, NUL_HEADER);
      expect(res.status).toBe(400);
      expect(res.headers['x-trace-id']).toBe('trace-1');
      expect(res.headers['x-request-id']).toBe('trace-1');
      expect(res.headers['content-type']).toBe('application/vnd.api+json');
      expect(JSON.parse(res.body)).toMatchObject({ errors: [{ code: 'invalid_request' }] });
    } finally {
      await close();
    }
  });

  it('only destroys a reset, unwritable or busy socket (its response started), writing nothing', () => {
    const listener = clientErrorHandler({ catalog });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const parse = Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_METHOD' });
    const cases: [Error, PassThrough][] = [];
    const resetSocket = new PassThrough();
    cases.push([reset, resetSocket]);
    const ended = new PassThrough();
    ended.end();
    cases.push([parse, ended]);
    const busy = Object.assign(new PassThrough(), { _httpMessage: { headersSent: true } });
    cases.push([parse, busy]);
    for (const [error, socket] of cases) {
      const written: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => written.push(chunk));
      socket.on('error', () => {});
      listener(error, socket);
      expect(socket.destroyed).toBe(true);
      expect(Buffer.concat(written).length).toBe(0);
    }
  });

  it('lets the client read the answer when the refused request keeps coming', async () => {
    const listener = clientErrorHandler({ catalog });
    const socket = new PassThrough();
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const overflow = Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW' });
    listener(overflow, socket);
    // Node's parser emits clientError again for each later chunk of the same request.
    listener(overflow, socket);
    expect(socket.destroyed).toBe(false);
    await new Promise((resolve) => socket.on('end', resolve));
    expect(Buffer.concat(chunks).toString('latin1')).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('answers 431 when the oversized header block arrives in several writes', async () => {
    const server = await withApp(() => {});
    try {
      const socket = connect(server.port, '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => {});
      const closed = new Promise((resolve) => socket.on('close', resolve));
      await new Promise((resolve) => socket.on('connect', resolve));
      socket.write(`GET /t HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.write(`${'b'.repeat(5_000)}\r\nX-More: ${'c'.repeat(5_000)}\r\n\r\n`);
      await closed;
      const text = Buffer.concat(received).toString('latin1');
      expect(text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
      expect(text).toMatch(/\r\nx-request-id: req_[A-Za-z0-9_-]{22}\r\n/);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      expect(JSON.parse(body)).toMatchObject({
        error: { code: 'request_header_fields_too_large' },
      });
    } finally {
      await server.close();
    }
  });

  it('installs its clientError listener once however often attach is called', () => {
    const app = errata();
    const server = createServer(app.handler);
    expect(app.attach(app.attach(server))).toBe(server);
    expect(server.listenerCount('clientError')).toBe(1);
  });

  it('writes one raw response and ends the socket', async () => {
    const listener = clientErrorHandler({
      format: 'message',
      requestId: { generate: () => 'r-1' },
    });
    const socket = new PassThrough();
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finished = new Promise((resolve) => socket.on('end', resolve));
    listener(Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_HEADER_TOKEN' }), socket);
    await finished;
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(text).toContain('\r\nx-request-id: r-1\r\n');
    expect(text).toContain('\r\nconnection: close\r\n');
    expect(text.split('\r\n\r\n')).toHaveLength(2);
    expect(socket.writableEnded).toBe(true);
  });
});
