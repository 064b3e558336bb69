import { describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/server.js';
import { ADAPTERS, startAdapter } from './adapters.js';
import { expectErrataAnswer } from './answers.js';

// Requests that frameworks answer before (or without) any errata code: Node's bare 400/417, a
// silent close, Express's HTML 404, @hono/node-server's bare 400. Each must get errata's answer.

const CASES: readonly [name: string, request: string, status: number, code: string][] = [
  [
    'an unparsable absolute target',
    'GET http://[::1/v1 HTTP/1.1\r\nHost: x\r\n\r\n',
    400,
    'invalid_request',
  ],
  ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'invalid_request'],
  ['a target that is no path', 'GET t HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'invalid_request'],
  ['an HTTP/1.1 request without Host', 'GET /t HTTP/1.1\r\n\r\n', 400, 'invalid_request'],
  [
    'Expect: bogus',
    'GET /t HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\n\r\n',
    417,
    'expectation_failed',
  ],
  [
    'a chunk-framing error',
    'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    400,
    'invalid_request',
  ],
];

describe.each(ADAPTERS)('%s: malformed requests', (adapter) => {
  it.each(CASES)(
    'answers %s in the app format with a request id',
    async (name, request, status, code) => {
      const app = await startAdapter(adapter);
      try {
        const res = await rawRequest(app.port, request);
        expectErrataAnswer(res, status, code, name);
        expect(res.closedByServer, name).toBe(true);
        // The server keeps serving.
        expect(await (await fetch(`${app.url}/t`)).text()).toBe('ok');
      } finally {
        await app.close();
      }
    },
  );

  it('still serves HTTP/1.0 without Host, and a request id sent in a malformed request', async () => {
    const app = await startAdapter(adapter);
    try {
      const old = await rawRequest(app.port, 'GET /t HTTP/1.0\r\n\r\n');
      expect(old.status).toBe(200);
      expect(old.body).toBe('ok');
      const res = await rawRequest(
        app.port,
        'OPTIONS * HTTP/1.1\r\nHost: x\r\nX-Request-ID: mine-1\r\n\r\n',
      );
      expectErrataAnswer(res, 400, 'invalid_request', 'OPTIONS *', 'mine-1');
    } finally {
      await app.close();
    }
  });
});
