import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendRaw } from '../../../src/cli/check/http.js';
import { findLeaks, jsonStrings } from '../../../src/cli/check/leaks.js';
import { parseRoute } from '../../../src/cli/check/probes.js';
import { wireShape } from '../../../src/cli/check/wire.js';
import { ApiError, type FormatName, formats } from '../../../src/index.js';

describe('findLeaks', () => {
  const kinds = (text: string, ignore: string[] = []) =>
    findLeaks([text, ...jsonStrings(safeJson(text))], ignore).map((l) => l.kind);

  it.each([
    ['a V8 frame', 'Error: x\n    at handler (/srv/api/app.js:12:5)', 'stack trace'],
    [
      'a V8 frame in JSON',
      '{"message":"boom\\n    at Object.<anonymous> (/opt/x/index.js:1:2)"}',
      'stack trace',
    ],
    ['a node: frame', 'at node:internal/process/task_queues:95:5', 'stack trace'],
    ['a Windows frame', 'at run (C:\\app\\server.js:3:9)', 'stack trace'],
    ['a Java frame', 'at com.acme.Api.handle(Api.java:42)', 'stack trace'],
    [
      'a Python traceback',
      'Traceback (most recent call last):\n  File "/x.py", line 3',
      'stack trace',
    ],
    ['a home directory', '{"detail":"cannot open /home/deploy/config.yml"}', 'file path'],
    ['a Windows path in JSON', '{"detail":"C:\\\\Users\\\\svc\\\\app.log"}', 'file path'],
    ['node_modules', 'in node_modules/pg/lib/client.js', 'file path'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432', 'driver message'],
    [
      'a Postgres error',
      'duplicate key value violates unique constraint "users_email_key"',
      'driver message',
    ],
    ['SQLite', 'SQLITE_CONSTRAINT: UNIQUE constraint failed', 'driver message'],
    ['a connection string', 'postgres://admin:pw@db.internal/app', 'driver message'],
    ['MongoDB', 'MongoServerError: E11000 duplicate key error', 'driver message'],
  ])('finds %s', (_name, text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it.each([
    [
      'a problem type URL',
      '{"type":"https://api.example.com/errors/not_found","title":"Not found"}',
    ],
    ['a docs link', '{"doc_url":"https://example.com/home/docs#rate_limited"}'],
    ['a plain message', '{"message":"No secret is stored under \'db\'. Look at the name."}'],
    ['an async frame with no path', 'at async Promise.all (index 0)'],
    ['a code like USER_NOT_FOUND', '{"code":"USER_NOT_FOUND"}'],
  ])('does not fire on %s', (_name, text) => {
    expect(kinds(text)).toEqual([]);
  });

  it('ignores the request path the client itself sent', () => {
    const body = '{"instance":"/app/home/items"}';
    expect(kinds(body)).toEqual(['file path']);
    expect(kinds(body, ['/app/home/items'])).toEqual([]);
  });
});

describe('wireShape', () => {
  const error = new ApiError({ status: 404, code: 'not_found', message: 'Nope', requestId: 'r1' });

  it('accepts what errata renders in every format, with the code it carries', () => {
    for (const name of Object.keys(formats) as FormatName[]) {
      const body = JSON.parse(formats[name].render(error, { requestId: 'r1' }).body);
      const shape = wireShape(name, 404, body);
      expect(shape.problems, name).toEqual([]);
      const code = ['message', 'laravel'].includes(name)
        ? undefined
        : name === 'google'
          ? 'NOT_FOUND'
          : 'not_found';
      expect(shape.code, name).toBe(code);
    }
  });

  it('names what is wrong', () => {
    expect(wireShape('problem', 404, { title: 'x', status: 400 }).problems).toEqual([
      '`status` is 400, not the response status 404',
    ]);
    expect(wireShape('envelope', 404, { error: 'x' }).problems).toEqual([
      '`error` is missing or not an object',
    ]);
    expect(wireShape('google', 404, { error: { code: 404, message: 'x' } }).problems).toEqual([
      '`error.status` is missing or not a string',
    ]);
    expect(wireShape('jsonapi', 404, { errors: [{ status: 404 }] }).problems).toEqual([
      '`errors[].status` is 404, not the response status "404"',
    ]);
    expect(wireShape('stripe', 404, []).problems).toEqual(['the body is not a JSON object']);
  });
});

describe('parseRoute', () => {
  it('reads METHOD:/path', () => {
    expect(parseRoute('put:/v1/items/x')).toEqual({ method: 'PUT', path: '/v1/items/x' });
    expect(parseRoute('PUT /v1')).toBeUndefined();
    expect(parseRoute('PUT:v1')).toBeUndefined();
  });
});

describe('sendRaw', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A TCP server that answers every connection with `reply`, written in parts. */
  async function serve(reply: (socket: Socket) => void): Promise<URL> {
    server = createTcpServer((socket) => {
      socket.once('data', () => reply(socket));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  }

  const GET = { method: 'GET', target: '/', headers: [] };

  it('reads a chunked body after a 100 Continue', async () => {
    const url = await serve((s) => {
      s.write(
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n',
      );
      s.write('X-Request-ID: a\r\nX-Request-ID: b\r\n\r\n5\r\n{"a":\r\n');
      setTimeout(() => s.end('2\r\n1}\r\n0\r\n\r\n'), 20);
    });
    expect(await sendRaw(url, GET, 10_000)).toEqual({
      kind: 'response',
      response: {
        status: 404,
        headers: { 'transfer-encoding': 'chunked', 'x-request-id': 'a, b' },
        body: '{"a":1}',
      },
    });
  });

  it('reads a body delimited by the end of the connection', async () => {
    const url = await serve((s) => s.end('HTTP/1.1 500 Oops\r\n\r\nplain text'));
    const outcome = await sendRaw(url, GET, 10_000);
    expect(outcome).toMatchObject({
      kind: 'response',
      response: { status: 500, body: 'plain text' },
    });
  });

  it('reports a response cut short, and silence as a timeout', async () => {
    let url = await serve((s) => s.end('HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n\r\nabc'));
    expect(await sendRaw(url, GET, 10_000)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('in the middle of the response'),
    });
    await new Promise((resolve) => server?.close(resolve));
    url = await serve(() => {});
    expect(await sendRaw(url, GET, 200)).toEqual({ kind: 'timeout' });
  });

  it('sends header bytes as given', async () => {
    let received = '';
    const url = await serve((s) => s.end('HTTP/1.1 204 No Content\r\n\r\n'));
    server?.on('connection', (s: Socket) =>
      s.on('data', (d: Buffer) => (received += d.toString('latin1'))),
    );
    await sendRaw(url, { ...GET, headers: [['X-Request-ID', 'a\tb\u0001\u00e9']] }, 10_000);
    expect(received).toContain('X-Request-ID: a\tb\u0001\u00c3\u00a9\r\n');
  });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
