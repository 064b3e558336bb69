import { afterEach, describe, expect, it } from 'vitest';
import { defineCatalog } from '../../../src/index.js';
import { closeServers, serve } from './fixtures.js';

afterEach(closeServers);

type Envelope = { error: { code: string; message: string } };

describe('errata/fastify with 405 switched off', () => {
  const catalog = defineCatalog({ errors: {}, roles: { method_not_allowed: false } });

  it('answers a known path with a wrong method exactly like an unknown path', async () => {
    const s = await serve(
      (app) => {
        app.get('/things/:id', { config: { errata: { format: 'stripe' } } }, () => ({}));
      },
      { catalog },
    );
    const wrong = await fetch(`${s.url}/things/1`, { method: 'DELETE' });
    const unknown = await fetch(`${s.url}/nowhere/1`, { method: 'DELETE' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(404);
      expect(res.headers.get('allow')).toBeNull();
    }
    expect(((await wrong.json()) as Envelope).error).toEqual({
      code: 'not_found',
      message: 'No route matches DELETE /things/1.',
      request_id: wrong.headers.get('x-request-id'),
    });
    expect(((await unknown.json()) as Envelope).error.message).toBe(
      'No route matches DELETE /nowhere/1.',
    );
    const options = await fetch(`${s.url}/things/1`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});

describe("errata/fastify defaults to the catalog's format", () => {
  const catalog = defineCatalog({
    format: 'envelope',
    errors: { thing_not_found: { status: 404, title: 'Thing not found' } },
  });

  it('renders in it when the plugin names none', async () => {
    const s = await serve(
      (app) => {
        app.get('/things/:id', () => {
          throw catalog.error('thing_not_found');
        });
      },
      { catalog, format: undefined },
    );
    const res = await fetch(`${s.url}/things/1`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: 'thing_not_found',
        message: 'Thing not found',
        request_id: res.headers.get('x-request-id'),
      },
    });
    const plain = await serve(() => {}, {
      catalog: defineCatalog({ errors: {} }),
      format: undefined,
    });
    const missing = await fetch(`${plain.url}/nope`);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('keeps the app format for Accept: application/problem+json with negotiate: false', async () => {
    const accept = { headers: { accept: 'application/problem+json' } };
    const fixed = await serve(() => {}, { format: 'message', negotiate: false });
    const res = await fetch(`${fixed.url}/nope`, accept);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ message: 'No route matches GET /nope.' });
    const negotiating = await serve(() => {}, { format: 'message' });
    const problem = await fetch(`${negotiating.url}/nope`, accept);
    expect(problem.headers.get('content-type')).toBe('application/problem+json');
  });
});
