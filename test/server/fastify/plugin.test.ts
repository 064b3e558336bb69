import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errataFastify } from '../../../src/server/fastify/index.js';
import { catalog, closeServers, errorOf, json, running, SECRET, serve } from './fixtures.js';

afterEach(closeServers);

describe('errata/fastify: encapsulation and formats', () => {
  it('applies to routes registered in child contexts, with prefixes', async () => {
    const s = await serve(async (app) => {
      await app.register(
        async (child) => {
          child.get('/things/:id', (request) => {
            throw catalog.error('thing_not_found', { id: (request.params as { id: string }).id });
          });
          child.post('/z', { schema: { body: z.object({ n: z.number() }) } }, (r) => r.body);
          await child.register(async (grandchild) => {
            grandchild.get('/deep', () => {
              throw new Error(SECRET);
            });
          });
        },
        { prefix: '/v2' },
      );
    });
    const res = await fetch(`${s.url}/v2/things/a`, { headers: { 'x-request-id': 'child-1' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('child-1');
    expect(await res.json()).toMatchObject({
      error: { code: 'thing_not_found', details: { id: 'a' }, request_id: 'child-1' },
    });
    const invalid = await fetch(`${s.url}/v2/z`, json({ n: 'x' }));
    expect(invalid.status).toBe(422);
    const deep = await fetch(`${s.url}/v2/deep`);
    expect(deep.status).toBe(500);
    expect(await deep.text()).not.toContain('hunter2');
    expect(s.errors).toHaveLength(1);
    const wrong = await fetch(`${s.url}/v2/things/a`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('pins a route format over the app format and Accept, which beats the app format', async () => {
    const s = await serve((app) => {
      app.get('/pinned', { config: { errata: { format: 'stripe' } } }, () => {
        throw catalog.error('thing_not_found', { id: 'p' });
      });
      app.get('/free', () => {
        throw catalog.error('thing_not_found', { id: 'f' });
      });
    });
    const accept = { accept: 'application/problem+json' };
    const pinned = await fetch(`${s.url}/pinned`, { headers: accept });
    expect((await errorOf(pinned)).error.format).toBe('stripe');
    const free = await fetch(`${s.url}/free`, { headers: accept });
    expect(free.headers.get('content-type')).toBe('application/problem+json');
    expect(await free.json()).toMatchObject({ instance: '/free', code: 'thing_not_found' });
    const plain = await fetch(`${s.url}/free?x=1`);
    expect((await errorOf(plain)).error.format).toBe('envelope');
  });

  it('refuses a wrong format name at start-up and a second registration', async () => {
    const bad = Fastify();
    running.push(bad);
    // biome-ignore lint/suspicious/noExplicitAny: a wrong name on purpose.
    await expect(bad.register(errataFastify, { format: 'nope' as any })).rejects.toThrow(/nope/);
    const twice = Fastify();
    running.push(twice);
    await twice.register(errataFastify);
    await expect(twice.register(errataFastify)).rejects.toThrow(/already registered/);
  });
});
