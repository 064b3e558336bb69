import { expect, it } from 'vitest';
import { idempotencyFetch } from '../../../src/idempotency/fetch.js';
import { errata, type FetchContext, preferLocale } from '../../../src/server/fetch/index.js';
import { startFetch } from '../../helpers/vault-fetch.js';
import { BODY_TIMEOUT_MS, localeCatalog, localeSuite, varyOf } from '../locale-fixtures.js';

/** Whether the last `POST /copy/:id` handler saw a copy of the request (see `start`). */
let sawCopy = false;

/**
 * The suite's app on errata/fetch (through srvx on Node): the choice made on the Request before
 * it reaches `app.fetch` (a wrapper that authenticates), or in the handler on `ctx` or
 * `ctx.request`.
 */
function build() {
  const app = errata({ catalog: localeCatalog, format: 'envelope', onError: () => {} });
  const header = (ctx: FetchContext, name: string) => ctx.request.headers.get(name) ?? undefined;
  const choose = (ctx: FetchContext) => {
    const locale = header(ctx, 'x-user-locale');
    const via = header(ctx, 'x-via');
    if (locale !== undefined && via === 'ctx') preferLocale(ctx, locale);
    if (locale !== undefined && via === 'ctx.request') preferLocale(ctx.request, locale);
    if (header(ctx, 'x-forget') !== undefined) preferLocale(ctx, undefined);
  };
  const fail = (ctx: FetchContext): never => {
    throw localeCatalog.error('thing_not_found', { id: ctx.params.id ?? '' });
  };
  let outer: Request | undefined;
  app.route('/things/:id', {
    GET(ctx) {
      choose(ctx);
      return fail(ctx);
    },
  });
  app.route('/vary/:id', {
    GET(ctx) {
      ctx.headers.set('vary', header(ctx, 'x-vary') ?? '');
      return fail(ctx);
    },
  });
  app.route('/slow/:id', { POST: async (ctx) => ({ body: await ctx.json() }) });
  app.route(
    '/copy/:id',
    {
      async POST(ctx) {
        // The Idempotency-Key step read the body: `ctx.request` is a copy of the Request.
        sawCopy = ctx.request !== outer;
        preferLocale(ctx.request, 'fr');
        return fail(ctx);
      },
    },
    { idempotency: idempotencyFetch({ catalog: localeCatalog }) },
  );
  return { app, setOuter: (request: Request) => (outer = request) };
}

function start() {
  const { app, setOuter } = build();
  return startFetch(
    (request, ...rest) => {
      setOuter(request);
      const locale = request.headers.get('x-user-locale');
      const via = request.headers.get('x-via') ?? 'request';
      if (locale !== null && via === 'request') preferLocale(request, locale);
      return app.fetch(request, ...rest);
    },
    { catalog: localeCatalog, bodyTimeout: BODY_TIMEOUT_MS },
  );
}

localeSuite({
  name: 'fetch',
  views: ['request', 'ctx', 'ctx.request'],
  preferLocale,
  sample: () => new Request('http://x/'),
  start,
});

it('fetch: keeps the choice made on the copy of a Request an Idempotency-Key step read', async () => {
  // Straight into the fetch handler, as Workers and Deno call it: srvx's bridge hands a Request
  // whose body, once read, does not show as used, so no copy is made there.
  const { app, setOuter } = build();
  const request = new Request('http://x/copy/7', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': 'k-1',
      'accept-language': 'de',
    },
    body: '{"a":1}',
  });
  setOuter(request);
  const res = await app.fetch(request);
  expect(res.status).toBe(404);
  expect(sawCopy).toBe(true);
  expect(res.headers.get('content-language')).toBe('fr');
  expect(varyOf(res)).toEqual([]);
  expect(await res.json()).toMatchObject({ error: { message: 'Aucune chose 7.' } });
});
