import { describe, expect, it } from 'vitest';
import type { IdempotencyStore } from '../../src/idempotency/index.js';
import { MemoryIdempotencyStore } from '../../src/idempotency/index.js';
import { type Effects, effects as freshEffects, type StartIdempotent } from './fixtures.js';

/** A store that is down: every call rejects. */
const downStore: IdempotencyStore = {
  claim: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.9:6379')),
  complete: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.9:6379')),
  release: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.9:6379')),
};

/** A store that never answers. */
const hungStore: IdempotencyStore = {
  claim: () => new Promise(() => {}),
  complete: () => new Promise(() => {}),
  release: () => new Promise(() => {}),
};

const post = (url: string, key: string | undefined, body: unknown = { name: 'a' }) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    body: JSON.stringify(body),
  });

/** Everything but the headers that differ per request (date, request id). */
async function snapshot(res: Response) {
  const headers = [...res.headers].filter(
    ([name]) =>
      !['date', 'x-request-id', 'idempotent-replayed', 'connection', 'keep-alive'].includes(name),
  );
  return { status: res.status, headers, body: new Uint8Array(await res.arrayBuffer()) };
}

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const text = await res.text();
  expect(text).not.toMatch(/ECONNREFUSED|10\.0\.0|at .*\.(ts|js):\d+/);
  return JSON.parse(text) as { status: number; code?: string; type?: string; detail?: string };
}

let unique = 0;
const newKey = () => `key-${process.pid}-${Date.now()}-${unique++}`;

/** The Idempotency-Key rules every adapter passes, against a real server. */
export function idempotencyCases(adapter: string, start: StartIdempotent): void {
  describe(`${adapter} Idempotency-Key middleware`, () => {
    const withApp = async (
      options: Parameters<StartIdempotent>[0]['options'],
      run: (url: string, effects: Effects & { open(): void }) => Promise<void>,
    ) => {
      const effects = freshEffects();
      const server = await start({ options, effects });
      try {
        await run(server.url, effects);
      } finally {
        effects.open();
        await server.close();
      }
    };

    it('runs the first request once and replays its answer byte for byte, marked Idempotent-Replayed', async () => {
      await withApp({}, async (url, effects) => {
        const key = newKey();
        const first = await post(`${url}/things`, key);
        expect(first.status).toBe(201);
        expect(first.headers.get('idempotent-replayed')).toBeNull();
        const firstId = first.headers.get('x-request-id');
        const stored = await snapshot(first);
        for (let i = 0; i < 3; i++) {
          const again = await post(`${url}/things`, key);
          expect(again.headers.get('idempotent-replayed')).toBe('true');
          expect(again.headers.get('x-thing')).toBe('1');
          // The replay carries its own request id, not the first one's.
          expect(again.headers.get('x-request-id')).not.toBe(firstId);
          expect(await snapshot(again)).toEqual(stored);
        }
        expect(effects.made).toEqual(['a']);
        expect(JSON.parse(new TextDecoder().decode(stored.body))).toEqual({ n: 1, name: 'a' });
      });
    });

    it('keys apart run apart; requests without a key and uncovered methods pass untouched', async () => {
      await withApp({}, async (url, effects) => {
        expect((await post(`${url}/things`, newKey())).status).toBe(201);
        expect((await post(`${url}/things`, newKey())).status).toBe(201);
        const bare = await post(`${url}/things`, undefined);
        expect(bare.status).toBe(201);
        expect(bare.headers.get('idempotent-replayed')).toBeNull();
        const listed = await fetch(`${url}/things`, { headers: { 'idempotency-key': 'k' } });
        expect(await listed.json()).toEqual({ made: ['a', 'a', 'a'] });
        expect(effects.runs).toBe(3);
      });
    });

    it('answers 422 idempotency_key_reused when the key comes back with another body or path', async () => {
      await withApp({}, async (url, effects) => {
        const key = newKey();
        expect((await post(`${url}/things`, key, { name: 'a' })).status).toBe(201);
        const other = await post(`${url}/things`, key, { name: 'b' });
        expect(other.status).toBe(422);
        expect(other.headers.get('idempotent-replayed')).toBeNull();
        expect(await problem(other)).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
        const path = await post(`${url}/slow`, key, { name: 'a' });
        expect(path.status).toBe(422);
        expect(effects.made).toEqual(['a']);
        // The refusal stored nothing: the original still replays.
        expect(
          (await post(`${url}/things`, key, { name: 'a' })).headers.get('idempotent-replayed'),
        ).toBe('true');
      });
    });

    it('answers 409 idempotency_in_flight with Retry-After while the first still runs, then replays', async () => {
      await withApp({ leaseSeconds: 30 }, async (url, effects) => {
        const key = newKey();
        const first = post(`${url}/slow`, key);
        while (effects.runs === 0) await new Promise((r) => setTimeout(r, 5));
        const second = await post(`${url}/slow`, key);
        expect(second.status).toBe(409);
        const retryAfter = Number(second.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(30);
        expect(await problem(second)).toMatchObject({ status: 409, code: 'idempotency_in_flight' });
        effects.open();
        expect((await first).status).toBe(201);
        const third = await post(`${url}/slow`, key);
        expect(third.status).toBe(201);
        expect(third.headers.get('idempotent-replayed')).toBe('true');
        expect(effects.runs).toBe(1);
      });
    });

    it('20 concurrent requests with one key run the handler once: each answer the 201 or a 409', async () => {
      await withApp({}, async (url, effects) => {
        const key = newKey();
        const answers = await Promise.all(
          Array.from({ length: 20 }, () => post(`${url}/things`, key)),
        );
        expect(effects.made).toEqual(['a']);
        for (const res of answers) {
          expect([201, 409]).toContain(res.status);
          if (res.status === 201) expect(await res.json()).toEqual({ n: 1, name: 'a' });
        }
      });
    });

    it('answers 400 idempotency_key_missing without a key where required, and runs nothing', async () => {
      await withApp({ required: true }, async (url, effects) => {
        const res = await post(`${url}/things`, undefined);
        expect(res.status).toBe(400);
        expect(await problem(res)).toMatchObject({ status: 400, code: 'idempotency_key_missing' });
        expect((await fetch(`${url}/things`)).status).toBe(200);
        expect(effects.runs).toBe(0);
      });
      await withApp({ required: (req) => req.path.startsWith('/slow') }, async (url) => {
        expect((await post(`${url}/things`, undefined)).status).toBe(201);
        expect((await post(`${url}/slow`, undefined)).status).toBe(400);
      });
    });

    it.each([
      ['CR-LF (obs-fold)', 'abc\r\n Set-Cookie: a=1'],
      ['a bare CR', 'abc\rdef'],
      ['10 KB', 'k'.repeat(10_240)],
      ['non-ASCII', 'clé-été'],
      ['a list', 'a, b'],
      ['empty', ''],
    ])(
      'answers a %s key with a clean 400 that does not echo it, and runs nothing',
      async (_n, bad) => {
        await withApp({}, async (url, effects) => {
          // fetch refuses CR-LF and non-Latin-1 in headers: send the bytes over a raw socket.
          const res = await rawPost(url, '/things', bad);
          expect(res.status).toBe(400);
          if (bad.length > 0) expect(res.body).not.toContain(bad.slice(0, 40));
          expect(res.head.toLowerCase()).not.toContain('set-cookie');
          expect(JSON.parse(res.body)).toMatchObject({ status: 400 });
          expect(effects.runs).toBe(0);
        });
      },
    );

    it('stores a 4xx the handler answered (replayed), releases a 5xx (the retry runs)', async () => {
      await withApp({}, async (url, effects) => {
        const key = newKey();
        const missing = await post(`${url}/missing`, key);
        expect(missing.status).toBe(404);
        const stored = await snapshot(missing);
        const again = await post(`${url}/missing`, key);
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(await snapshot(again)).toEqual(stored);
        expect(effects.runs).toBe(1);

        const boomKey = newKey();
        const boom = await post(`${url}/boom`, boomKey);
        expect(boom.status).toBe(500);
        expect(await boom.text()).not.toContain('10.0.0.7');
        const retried = await post(`${url}/boom`, boomKey);
        expect(retried.status).toBe(500);
        expect(retried.headers.get('idempotent-replayed')).toBeNull();
        expect(effects.runs).toBe(3);
      });
    });

    it("stores a 5xx with serverErrors: 'store'", async () => {
      await withApp({ serverErrors: 'store' }, async (url, effects) => {
        const key = newKey();
        expect((await post(`${url}/boom`, key)).status).toBe(500);
        const again = await post(`${url}/boom`, key);
        expect(again.status).toBe(500);
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(effects.runs).toBe(1);
      });
    });

    it('does not store a response over maxResponseBytes: the key answers 409 until its lease ends', async () => {
      await withApp({ maxResponseBytes: 1000, leaseSeconds: 1 }, async (url, effects) => {
        const key = newKey();
        const big = await post(`${url}/big?n=5000`, key);
        expect(big.status).toBe(200);
        expect((await big.text()).length).toBe(5000);
        const during = await post(`${url}/big?n=5000`, key);
        expect(during.status).toBe(409);
        await new Promise((r) => setTimeout(r, 1100));
        const after = await post(`${url}/big?n=5000`, key);
        expect(after.status).toBe(200);
        expect(after.headers.get('idempotent-replayed')).toBeNull();
        expect(effects.runs).toBe(2);
        const small = newKey();
        await post(`${url}/big?n=500`, small);
        expect((await post(`${url}/big?n=500`, small)).headers.get('idempotent-replayed')).toBe(
          'true',
        );
      });
    });

    it("scopes keys by Authorization: one caller cannot replay another one's answer", async () => {
      await withApp({}, async (url, effects) => {
        const key = newKey();
        const as = (who: string, name: string) =>
          fetch(`${url}/things`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': key,
              authorization: `Bearer ${who}`,
            },
            body: JSON.stringify({ name }),
          });
        expect((await (await as('alice', 'a')).json()).name).toBe('a');
        const bob = await as('bob', 'b');
        expect(bob.status).toBe(201);
        expect(bob.headers.get('idempotent-replayed')).toBeNull();
        expect(effects.made).toEqual(['a', 'b']);
      });
    });

    it('fails closed with a cataloged 503 when the store is down, and runs nothing', async () => {
      await withApp({ store: downStore }, async (url, effects) => {
        const res = await post(`${url}/things`, newKey());
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
        expect(await problem(res)).toMatchObject({ status: 503 });
        expect(effects.runs).toBe(0);
      });
      await withApp({ store: hungStore, storeTimeoutMs: 50 }, async (url, effects) => {
        expect((await post(`${url}/things`, newKey())).status).toBe(503);
        expect(effects.runs).toBe(0);
      });
    });

    it("fails open with onStoreError: 'open': the handler runs without the guarantee", async () => {
      await withApp({ store: downStore, onStoreError: 'open' }, async (url, effects) => {
        expect((await post(`${url}/things`, newKey())).status).toBe(201);
        expect(effects.runs).toBe(1);
      });
    });

    it('uses the store it is given', async () => {
      const store = new MemoryIdempotencyStore();
      await withApp({ store }, async (url) => {
        await post(`${url}/things`, newKey());
        expect(store.size).toBe(1);
      });
    });
  });
}

/** POST `path` with a raw Idempotency-Key value over a socket; the status, head and body. */
async function rawPost(url: string, path: string, key: string) {
  const { connect } = await import('node:net');
  const { port } = new URL(url);
  const body = '{"name":"a"}';
  const request = Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nIdempotency-Key: `,
      'latin1',
    ),
    Buffer.from(key, 'utf8'),
    Buffer.from(`\r\n\r\n${body}`, 'latin1'),
  ]);
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const status = Number(head.split(' ')[1]);
  let text = rest.join('\r\n\r\n');
  if (/transfer-encoding: chunked/i.test(head)) text = dechunk(text);
  return { status, head, body: text };
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
