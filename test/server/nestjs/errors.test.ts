import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../../src/index.js';
import { appModule } from './errors-app.js';
import { PLATFORMS, type RunningNest, startNest } from './start.js';

for (const platform of PLATFORMS) {
  describe(`errata/nestjs on ${platform}`, () => {
    let nest: RunningNest;
    const reports: unknown[] = [];

    beforeAll(async () => {
      nest = await startNest(platform, appModule(reports));
    });
    afterAll(async () => {
      await nest.close();
    });

    async function get(path: string, init: RequestInit = {}) {
      const res = await fetch(`${nest.url}${path}`, init);
      const text = await res.text();
      return {
        res,
        text,
        error: parseErrorBody({ status: res.status, headers: res.headers, body: text }),
      };
    }

    const post = (path: string, body: string, contentType = 'application/json') =>
      get(path, { method: 'POST', headers: { 'content-type': contentType }, body });

    it('maps HttpExceptions to the catalog error of their status, with their message', async () => {
      const conflict = await get('/throw/conflict');
      expect(conflict.res.status).toBe(409);
      expect(conflict.error.code).toBe('conflict');
      expect(conflict.error.message).toBe('The secret is locked.');
      const forbidden = await get('/throw/forbidden');
      expect(forbidden.res.status).toBe(403);
      expect(forbidden.error.code).toBe('forbidden');
      const object = await get('/throw/object');
      expect(object.res.status).toBe(418);
      expect(object.error.code).toBe('http_418');
      expect(object.error.message).toBe('No coffee here.');
      expect(object.text).not.toContain('extra');
      // A handler's own NotFoundException is its 404, not the "no route" one.
      const missing = await get('/throw/not-found');
      expect(missing.res.status).toBe(404);
      expect(missing.error.message).toBe('No such order.');
      expect(reports).toEqual([]);
    });

    it('answers 5xx HttpExceptions generically and reports them', async () => {
      const before = reports.length;
      const server = await get('/throw/server');
      expect(server.res.status).toBe(500);
      expect(server.error.code).toBe('internal_error');
      expect(server.text).not.toContain('10.0.0.7');
      const unavailable = await get('/throw/unavailable');
      expect(unavailable.res.status).toBe(503);
      expect(unavailable.error.code).toBe('service_unavailable');
      expect(unavailable.text).not.toContain('10.0.0.8');
      expect(reports.length - before).toBe(2);
    });

    it('answers thrown non-Errors with a generic 500 and reports them', async () => {
      const before = reports.length;
      for (const path of ['/throw/string', '/throw/undefined', '/throw/hostile']) {
        const { res, text, error } = await get(path, { headers: { 'x-request-id': 'odd-1' } });
        expect(res.status, path).toBe(500);
        expect(error.code, path).toBe('internal_error');
        expect(res.headers.get('x-request-id')).toBe('odd-1');
        expect(text).not.toContain('secret-internal');
      }
      expect(reports.length - before).toBe(3);
      expect(reports[before]).toBe('secret-internal');
    });

    it('maps ValidationPipe (class-validator) errors to 422 validation_error with fields', async () => {
      const bad = JSON.stringify({ name: 'x', items: [{ qty: 0 }] });
      const plain = await post('/validate/dto', bad);
      expect(plain.res.status).toBe(422);
      expect(plain.error.code).toBe('validation_error');
      expect(plain.error.fields?.map((f) => f.path)).toEqual([['name'], ['items', 0, 'qty']]);
      const exact = await post('/validate/dto-exact', bad);
      expect(exact.res.status).toBe(422);
      expect(exact.error.fields).toEqual([
        {
          path: ['name'],
          message: 'name must be longer than or equal to 2 characters',
          code: 'minLength',
        },
        { path: ['items', 0, 'qty'], message: 'qty must not be less than 1', code: 'min' },
      ]);
      const ok = await post('/validate/dto', JSON.stringify({ name: 'ok', items: [{ qty: 2 }] }));
      expect(ok.res.status).toBe(201);
      expect(JSON.parse(ok.text)).toEqual({ name: 'ok' });
    });

    it('validates with Standard Schemas: errata pipe, declared schema, Nest pipe', async () => {
      const bad = JSON.stringify({ name: 'x', items: [{ qty: 0 }] });
      for (const path of [
        '/validate/schema',
        '/validate/declared-schema',
        '/validate/nest-schema',
      ]) {
        const { res, error, text } = await post(path, bad);
        expect(res.status, `${path}: ${text}`).toBe(422);
        expect(error.code).toBe('validation_error');
        expect(
          error.fields?.map((f) => f.path),
          path,
        ).toEqual([['name'], ['items', 0, 'qty']]);
      }
      const ok = await post('/validate/schema', JSON.stringify({ name: 'ok', items: [] }));
      expect(ok.res.status).toBe(201);
    });

    it('reads JSON bodies itself: 400 malformed, 415 not JSON, 413 past bodyLimit', async () => {
      const malformed = await post('/validate/schema', '{"name":');
      expect(malformed.res.status).toBe(400);
      expect(malformed.error.code).toBe('invalid_request');
      expect(malformed.text).not.toContain('Unexpected');
      const text = await post('/validate/schema', 'name=x', 'text/plain');
      expect(text.res.status).toBe(415);
      expect(text.error.code).toBe('unsupported_media_type');
      const large = await post('/validate/schema', JSON.stringify({ name: 'x'.repeat(2000) }));
      expect(large.res.status).toBe(413);
      expect(large.error.code).toBe('payload_too_large');
      const polluted = await post(
        '/validate/schema',
        '{"name":"ok","items":[],"__proto__":{"polluted":true}}',
      );
      expect(polluted.res.status).toBe(201);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('echoes a safe X-Request-ID and replaces a hostile one, on success and error', async () => {
      const safe = await get('/validate/request-id', { headers: { 'x-request-id': 'trace-7' } });
      expect(safe.res.headers.get('x-request-id')).toBe('trace-7');
      expect(JSON.parse(safe.text)).toEqual({ requestId: 'trace-7' });
      for (const hostileId of ['has space', '<script>', 'x'.repeat(129), 'caf\u00e9']) {
        for (const path of ['/validate/request-id', '/throw/conflict', '/nowhere']) {
          const { res, text } = await get(path, { headers: { 'x-request-id': hostileId } });
          const id = res.headers.get('x-request-id');
          expect(id, `${path} ${hostileId}`).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
          expect(text).not.toContain(hostileId);
        }
      }
    });

    it('answers unknown routes 404, other methods 405 with Allow, OPTIONS 204', async () => {
      const missing = await get('/nowhere');
      expect(missing.res.status).toBe(404);
      expect(missing.error.code).toBe('not_found');
      const wrong = await get('/throw/conflict', { method: 'DELETE' });
      expect(wrong.res.status).toBe(405);
      expect(wrong.res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(wrong.error.code).toBe('method_not_allowed');
      const options = await fetch(`${nest.url}/validate/dto`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe('POST, OPTIONS');
      expect(options.headers.get('x-request-id')).toMatch(/^req_/);
    });

    it('renders a controller pinned with @ErrataFormat in its format, 405 included', async () => {
      const pinned = await get('/pinned', { headers: { accept: 'application/json' } });
      expect(pinned.res.status).toBe(409);
      expect(pinned.res.headers.get('content-type')).toBe('application/problem+json');
      const wrong = await get('/pinned', { method: 'PUT' });
      expect(wrong.res.status).toBe(405);
      expect(wrong.res.headers.get('content-type')).toBe('application/problem+json');
      const other = await get('/throw/conflict');
      expect(other.res.headers.get('content-type')).toBe('application/json');
    });
  });
}
