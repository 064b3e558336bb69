/**
 * Where Fastify's error path spends its time: server CPU µs per request of Fastify's own throw
 * path, errata's, and two hand-written 404 replies (a Buffer body, and a string body through an
 * identity serializer), interleaved round by round in one child process. The figure behind
 * errata/fastify sending error bodies as strings (bench/RESULTS.md, issue 14).
 * Run: node --import tsx bench/fastify-error-path.ts
 */
import autocannon from 'autocannon';
import { answerCpuRequests, forkServer } from './harness.js';

const BODY =
  '{"error":{"code":"secret_not_found","message":"Secret not found","request_id":"req_52uRf0gbyMr0cMm6jQLLEC"}}';

async function serve(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { defineCatalog } = await import('../src/index.js');
  const fastify = await import('../src/server/fastify/index.js');
  const catalog = defineCatalog({
    errors: {
      secret_not_found: { status: 404, title: 'Secret not found', message: 'Secret not found' },
    },
  });
  const ports: Record<string, number> = {};
  for (const kind of ['native', 'errata']) {
    const app =
      kind === 'native'
        ? Fastify()
        : Fastify({
            genReqId: fastify.errataGenReqId(),
            frameworkErrors: fastify.errataFrameworkErrors,
          });
    if (kind === 'errata') {
      await app.register(fastify.errataFastify, { catalog, format: 'envelope' });
    }
    app.get('/ok', async () => ({ status: 'ok' }));
    app.get('/err', async () => {
      if (kind === 'native') {
        throw Object.assign(new Error('Secret not found'), { statusCode: 404 });
      }
      throw catalog.error('secret_not_found');
    });
    app.get('/buffer', async (_request, reply) => {
      reply.code(404).header('content-type', 'application/json').send(Buffer.from(BODY));
      return reply;
    });
    app.get('/string', async (_request, reply) => {
      reply
        .code(404)
        .header('content-type', 'application/json')
        .serializer((body: unknown) => body as string)
        .send(BODY);
      return reply;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    ports[kind] = (app.server.address() as { port: number }).port;
  }
  process.send?.(ports);
  answerCpuRequests();
}

async function measure(): Promise<void> {
  const { child, ports, cpuMicros: cpu } = await forkServer(import.meta.url);
  const targets = [
    ['native', '/ok'],
    ['native', '/err'],
    ['errata', '/ok'],
    ['errata', '/err'],
    ['errata', '/buffer'],
    ['errata', '/string'],
  ] as const;
  const samples = new Map<string, number[]>();
  for (let round = 0; round < 5; round++) {
    for (const [kind, path] of targets) {
      const before = await cpu();
      const out = await autocannon({
        url: `http://127.0.0.1:${ports[kind]}${path}`,
        connections: 32,
        duration: 2,
      });
      const perRequest = ((await cpu()) - before) / out.requests.total;
      const name = `${kind} ${path}`;
      samples.set(name, [...(samples.get(name) ?? []), perRequest]);
    }
  }
  for (const [name, values] of samples) {
    const median = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    console.log(`${name.padEnd(16)} ${median.toFixed(1)} µs server CPU per request`);
  }
  child.kill();
}

if (process.argv[2] === 'serve') await serve();
else await measure();
