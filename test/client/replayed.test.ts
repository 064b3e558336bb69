import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/index.js';
import { createClient as createLiteClient } from '../../src/client/lite.js';
import { isReplayed, withReplayed } from '../../src/client/replayed.js';
import { json, type ScriptedServer, scripted } from './script.js';

describe('isReplayed', () => {
  it('reads `true` in any case, trimmed, as a replay', () => {
    for (const value of ['true', 'TRUE', 'True', ' true ', '\ttrue']) {
      expect(isReplayed(new Headers({ 'idempotent-replayed': value })), value).toBe(true);
    }
  });

  it('reads anything else as a first execution', () => {
    for (const value of ['false', '1', 'yes', '', '"true"', 'true;q=1', 'truex']) {
      expect(isReplayed(new Headers({ 'idempotent-replayed': value })), value).toBe(false);
    }
    expect(isReplayed(new Headers())).toBe(false);
    // A repeated header is not the draft's one `true`.
    const twice = new Headers([
      ['idempotent-replayed', 'true'],
      ['idempotent-replayed', 'true'],
    ]);
    expect(isReplayed(twice)).toBe(false);
  });
});

describe('withReplayed', () => {
  it('sets a read-only, non-enumerable `replayed` on the Response itself', () => {
    const response = new Response('{}', { headers: { 'Idempotent-Replayed': 'true' } });
    const marked = withReplayed(response);
    expect(marked).toBe(response);
    expect(marked.replayed).toBe(true);
    expect(Object.keys(marked)).not.toContain('replayed');
    expect(() => {
      (marked as { replayed: boolean }).replayed = false;
    }).toThrow(TypeError);
    expect(withReplayed(new Response('{}')).replayed).toBe(false);
  });

  it('gives a frozen Response back unmarked rather than failing the call', () => {
    const frozen = Object.freeze(
      new Response('ok', { headers: { 'idempotent-replayed': 'true' } }),
    );
    expect(withReplayed(frozen)).toBe(frozen);
    expect(withReplayed(frozen).replayed).toBeUndefined();
  });
});

describe('client.request() on a real server', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('resolves with replayed: true for a replay, false for a first execution', async () => {
    server = await scripted([
      json(201, { id: 7 }, { 'idempotent-replayed': 'true' }),
      json(201, { id: 8 }),
      json(201, { id: 9 }, { 'idempotent-replayed': 'false' }),
    ]);
    const client = createClient({ baseUrl: server.url, retry: { idempotencyKey: 'auto' } });
    const send = () => client.request('/v1/orders', { method: 'POST', body: '{}' });
    const replay = await send();
    expect(replay.status).toBe(201);
    expect(replay.replayed).toBe(true);
    expect(await replay.json()).toEqual({ id: 7 });
    expect((await send()).replayed).toBe(false);
    expect((await send()).replayed).toBe(false);
  });

  it('marks the lite client’s responses alike', async () => {
    server = await scripted([json(200, { ok: true }, { 'idempotent-replayed': 'TRUE' })]);
    const lite = createLiteClient({ baseUrl: server.url });
    const res = await lite.request('/v1/orders/7');
    expect(res.replayed).toBe(true);
    await res.body?.cancel();
  });

  it('reads the answer at the end of a followed redirect', async () => {
    server = await scripted([
      (_req, res) => {
        res.writeHead(303, { location: '/v1/orders/7', 'idempotent-replayed': 'true' });
        res.end();
      },
      json(200, { id: 7 }),
    ]);
    const client = createClient({ baseUrl: server.url });
    const res = await client.request('/v1/orders', { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(res.replayed).toBe(false);
    await res.body?.cancel();
  });
});
