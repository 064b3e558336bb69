import { Readable } from 'node:stream';
import Fastify, { type FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idempotencyFastify } from '../../src/idempotency/fastify.js';
import { errataFastify } from '../../src/server/fastify/index.js';
import { startFastify } from '../helpers/server.js';
import { catalog, handlers } from './fixtures.js';
import { idempotencyCases } from './middleware-cases.js';

type Answer = { status: number; headers?: Record<string, string>; body: unknown };

/** A handler's answer through the reply: text as text/plain, anything else as JSON. */
function send(reply: FastifyReply, answer: Answer) {
  reply.code(answer.status).headers(answer.headers ?? {});
  if (typeof answer.body === 'string') reply.type('text/plain');
  return reply.send(answer.body);
}

idempotencyCases('Fastify', async ({ options, effects }) => {
  const app = Fastify();
  await app.register(errataFastify, { catalog, format: 'problem', onError: () => {} });
  app.addHook('preHandler', idempotencyFastify({ catalog, ...options }));
  app.post('/things', async (request, reply) =>
    send(reply, handlers.things(effects, request.body)),
  );
  app.get('/things', async () => ({ made: effects.made }));
  app.post('/missing', async () => handlers.missing(effects));
  app.post('/boom', async () => handlers.boom(effects));
  app.post('/slow', async (_request, reply) => send(reply, await handlers.slow(effects)));
  app.post('/big', async (request, reply) => {
    const { n } = request.query as { n?: string };
    return send(reply, handlers.big(effects, Number(n)));
  });
  return startFastify(app);
});

describe('idempotencyFastify', () => {
  const post = (url: string, key: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });

  it('stores a streamed reply as it was written, and replays it', async () => {
    const app = Fastify();
    await app.register(errataFastify, { catalog, onError: () => {} });
    app.addHook('preHandler', idempotencyFastify({ catalog }));
    let runs = 0;
    app.post('/stream', async (_request, reply) => {
      runs++;
      return reply.type('text/plain').send(Readable.from(['first;', 'second']));
    });
    const server = await startFastify(app);
    try {
      const first = await post(`${server.url}/stream`, 's1', {});
      expect(await first.text()).toBe('first;second');
      const again = await post(`${server.url}/stream`, 's1', {});
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('content-type')).toBe('text/plain');
      expect(await again.text()).toBe('first;second');
      expect(runs).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('runs after schema validation: a refused body claims nothing', async () => {
    const app = Fastify();
    await app.register(errataFastify, { catalog, onError: () => {} });
    app.addHook('preHandler', idempotencyFastify({ catalog }));
    let runs = 0;
    app.post(
      '/things',
      { schema: { body: z.object({ name: z.string() }) } },
      async (request, reply) => {
        runs++;
        return reply.code(201).send(request.body);
      },
    );
    const server = await startFastify(app);
    try {
      expect((await post(`${server.url}/things`, 'v1', { name: 1 })).status).toBe(422);
      const valid = await post(`${server.url}/things`, 'v1', { name: 'a' });
      expect(valid.status).toBe(201);
      expect(valid.headers.get('idempotent-replayed')).toBeNull();
      expect(runs).toBe(1);
    } finally {
      await server.close();
    }
  });
});
