import { createServer } from 'node:http';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errataFastify } from '../../src/server/fastify/index.js';
import { attachServer, errata } from '../../src/server/node/index.js';
import { rawRequest, startFastify, startServer } from '../helpers/server.js';
import { ADAPTERS, OPTIONS, startAdapter } from './adapters.js';
import { expectErrataAnswer } from './answers.js';

// Slowloris in both halves of a request, with 200 ms timeouts: the answer is asserted, never
// how long it took.

const JSON_HEAD =
  'POST /echo HTTP/1.1\r\nHost: x\r\nX-Request-ID: stall-1\r\nContent-Type: application/json\r\n';

describe.each(ADAPTERS)('%s: requests that stall', (adapter) => {
  it('answers a header block that never ends with the 408 request_timeout', async () => {
    const app = await startAdapter(adapter);
    try {
      const res = await rawRequest(app.port, 'GET /t HTTP/1.1\r\nHost: x\r\nX-Slow: a');
      expectErrataAnswer(res, 408, 'request_timeout', 'headers');
      expect(res.closedByServer).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('answers a body that stalls with the 408 request_timeout and the request id', async () => {
    const app = await startAdapter(adapter);
    try {
      const sized = await rawRequest(app.port, `${JSON_HEAD}Content-Length: 20\r\n\r\n{"a":`);
      expectErrataAnswer(sized, 408, 'request_timeout', 'content-length', 'stall-1');
      expect(sized.closedByServer).toBe(true);
      const chunked = await rawRequest(
        app.port,
        `${JSON_HEAD}Transfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n`,
      );
      expectErrataAnswer(chunked, 408, 'request_timeout', 'chunked', 'stall-1');
      // The server keeps serving.
      expect(await (await fetch(`${app.url}/t`)).text()).toBe('ok');
    } finally {
      await app.close();
    }
  });

  it('never cuts a slow body that keeps moving', async () => {
    const app = await startAdapter(adapter);
    try {
      const body = JSON.stringify({ value: 'x'.repeat(40) });
      const pieces = body.match(/.{1,8}/g) ?? [];
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const piece = pieces.shift();
          if (piece === undefined) {
            controller.close();
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 40));
          controller.enqueue(new TextEncoder().encode(piece));
        },
      });
      const res = await fetch(`${app.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(JSON.parse(body));
    } finally {
      await app.close();
    }
  });
});

describe('timeout options', () => {
  it('refuses a timeout that is not a non-negative integer of ms, at start-up', () => {
    for (const bad of [-1, 1.5, Number.NaN, '10'] as unknown as number[]) {
      expect(() => errata({ headersTimeout: bad })).toThrow(TypeError);
      expect(() => errata({ bodyTimeout: bad })).toThrow(TypeError);
    }
    expect(() => errata({ headersTimeout: 0, bodyTimeout: 0 })).not.toThrow();
  });

  it('answers in the negotiated format with a custom id header, through attachServer', async () => {
    const options = {
      ...OPTIONS,
      requestId: { header: 'X-Trace-ID', generate: () => 'trace-408' },
    };
    const server = attachServer(
      createServer((req) => {
        // Reads nothing, answers nothing: only the body watch can answer.
        req.pause();
      }),
      options,
    );
    const app = await startServer(server);
    try {
      const res = await rawRequest(
        app.port,
        'POST /x HTTP/1.1\r\nHost: x\r\nAccept: application/problem+json\r\nContent-Length: 9\r\n\r\n{',
      );
      expect(res.status).toBe(408);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.headers['x-trace-id']).toBe('trace-408');
      expect(res.headers['x-request-id']).toBe('trace-408');
      expect(JSON.parse(res.body)).toMatchObject({ status: 408, code: 'request_timeout' });
    } finally {
      await app.close();
    }
  });

  it('leaves a Fastify server alone with attach: false', async () => {
    const fastify = Fastify();
    await fastify.register(errataFastify, { ...OPTIONS, attach: false });
    fastify.get('/t', async () => 'ok');
    const app = await startFastify(fastify);
    try {
      const res = await rawRequest(app.port, 'GET /t HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\n\r\n');
      // Node's own bare 417: errata did not touch the server.
      expect(res.status).toBe(417);
      expect(res.headers['x-request-id']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('attaching a server that already listens', () => {
  it('still answers stalled headers with the 408', async () => {
    const app = errata(OPTIONS);
    app.route('/t', { GET: () => ({ body: 'ok' }) });
    const running = await startServer(createServer(app.handler));
    try {
      app.attach(running.server);
      const res = await rawRequest(running.port, 'GET /t HTTP/1.1\r\nHost: x\r\nX-Slow: a');
      expectErrataAnswer(res, 408, 'request_timeout', 'headers after listen');
    } finally {
      await running.close();
    }
  });
});
