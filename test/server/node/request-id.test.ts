import { describe, expect, it } from 'vitest';
import { rawRequest } from '../../helpers/server.js';
import { withApp } from './fixtures.js';

describe('errata() request ids', () => {
  it('echoes safe ids and replaces unsafe ones', async () => {
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 1 }) }));
    try {
      const safe = 'Req-123_abc.DEF:~!';
      const echoed = await fetch(`${server.url}/t`, { headers: { 'x-request-id': safe } });
      expect(echoed.headers.get('x-request-id')).toBe(safe);
      const max = 'a'.repeat(128);
      const long = await fetch(`${server.url}/t`, { headers: { 'x-request-id': max } });
      expect(long.headers.get('x-request-id')).toBe(max);
      for (const unsafe of ['a'.repeat(129), 'has space', 'x'.repeat(4000)]) {
        const res = await fetch(`${server.url}/t`, { headers: { 'x-request-id': unsafe } });
        expect(res.headers.get('x-request-id')).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      }
      const missing = await fetch(`${server.url}/nope`);
      expect(missing.headers.get('x-request-id')).toMatch(/^req_/);
    } finally {
      await server.close();
    }
  });

  it('replaces ids with tabs, non-ASCII bytes or sent twice (raw socket)', async () => {
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 1 }) }));
    try {
      const ids = [
        Buffer.from('x-request-id: a\tb\r\n', 'latin1'),
        Buffer.concat([
          Buffer.from('x-request-id: caf'),
          Buffer.from([0xc3, 0xa9]),
          Buffer.from('\r\n'),
        ]),
        Buffer.from('x-request-id: one\r\nx-request-id: two\r\n'),
      ];
      for (const header of ids) {
        const res = await rawRequest(server.port, [
          'GET /t HTTP/1.1\r\nhost: x\r\n',
          header,
          'connection: close\r\n\r\n',
        ]);
        expect(res.status).toBe(200);
        expect(res.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      }
      // Control characters (here DEL) are refused by Node's HTTP parser before any handler runs;
      // the clientError handler (attached by startServer) still answers with a generated id.
      const del = await rawRequest(server.port, [
        'GET /t HTTP/1.1\r\nhost: x\r\n',
        Buffer.from('x-request-id: del\x7fete\r\n', 'latin1'),
        'connection: close\r\n\r\n',
      ]);
      expect(del.status).toBe(400);
      expect(del.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
    } finally {
      await server.close();
    }
  });

  it('uses a custom generator, header name, and can ignore incoming ids', async () => {
    let n = 0;
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 1 }) }), {
      requestId: { header: 'X-Correlation-ID', trustIncoming: false, generate: () => `gen-${++n}` },
    });
    try {
      const res = await fetch(`${server.url}/t`, { headers: { 'x-correlation-id': 'mine' } });
      expect(res.headers.get('x-correlation-id')).toBe('gen-1');
      expect(res.headers.get('x-request-id')).toBe('gen-1');
    } finally {
      await server.close();
    }
  });

  it('falls back to the default generator when a custom one returns something unsafe', async () => {
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 1 }) }), {
      requestId: { generate: () => 'bad id\r\n' },
    });
    try {
      const res = await fetch(`${server.url}/t`);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    } finally {
      await server.close();
    }
  });
});
