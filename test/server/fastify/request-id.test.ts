import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { errataGenReqId } from '../../../src/server/fastify/index.js';
import { catalog, closeServers, errorOf, serve, waitFor } from './fixtures.js';

afterEach(closeServers);
describe('errata/fastify: request ids', () => {
  it('sets X-Request-ID on success, 404 and error responses and exposes request.requestId', async () => {
    const s = await serve((app) => {
      app.get('/id', (request) => ({ id: request.requestId }));
      app.get('/fail', () => {
        throw catalog.error('thing_not_found', { id: 'x' });
      });
    });
    const ok = await fetch(`${s.url}/id`, { headers: { 'x-request-id': 'trace-1' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-1');
    expect(await ok.json()).toEqual({ id: 'trace-1' });
    for (const path of ['/fail', '/nowhere']) {
      const res = await fetch(`${s.url}${path}`, { headers: { 'x-request-id': 'bad id' } });
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      const { error } = await errorOf(res);
      expect(error.requestId).toBe(id);
    }
  });

  it("makes pino's reqId equal X-Request-ID with genReqId: errataGenReqId()", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        callback();
      },
    });
    const logger = pino({ level: 'info' }, destination);
    const s = await serve(
      (app) => {
        app.get('/hello', (request) => {
          request.log.info({ marker: 'in-handler' }, 'handling');
          return { ok: true };
        });
      },
      {},
      { loggerInstance: logger, genReqId: errataGenReqId() },
    );
    const generated = await fetch(`${s.url}/hello`);
    const generatedId = generated.headers.get('x-request-id');
    expect(generatedId).toMatch(/^req_/);
    const echoed = await fetch(`${s.url}/hello`, { headers: { 'x-request-id': 'support-7' } });
    expect(echoed.headers.get('x-request-id')).toBe('support-7');
    await waitFor(() => lines.filter((l) => l.marker === 'in-handler').length === 2);
    const handlerLines = lines.filter((l) => l.marker === 'in-handler');
    expect(handlerLines.map((l) => l.reqId)).toEqual([generatedId, 'support-7']);
    // Fastify's own request/response lines carry it too.
    expect(lines.filter((l) => l.reqId === 'support-7').length).toBeGreaterThanOrEqual(2);
  });
});
