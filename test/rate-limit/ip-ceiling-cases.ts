// The per-IP ceiling (issue 12, defect 4) over a real server of each adapter, on the memory
// store and on a real redis-server: a client that sends a new X-API-Key per request from one
// address is refused once its address reaches the ceiling, whatever `by` believes, and a
// verified identity keeps its own budget.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createRateLimiter,
  type PoliciesInput,
  type RateLimiterOptions,
  RedisStore,
} from '../../src/rate-limit/index.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';

type Header = (name: string) => string | undefined;

/**
 * What each adapter's test app must do: `GET /a` limited by `limiter` with `by` and `ipCeiling`
 * as given and the default policies; `GET /upload` the same with `category: 'upload'` and
 * `cost: 2`. Both answer 200 `{ ok: true }`; errors render in the `problem` format.
 */
export type StartCeiling = (setup: {
  limiter: ReturnType<typeof createRateLimiter>;
  by: (header: Header) => string | undefined;
  ipCeiling?: PoliciesInput | false | undefined;
}) => Promise<{ url: string; close(): Promise<void> }>;

/** The dodge: the header as sent is the identity. */
const rawKey = (header: Header) => header('x-api-key');
/** The safe design: only keys the app knows are identities; any other falls back to the IP. */
const KNOWN = new Set(['alice-key', 'bob-key']);
const verifiedKey = (header: Header) => {
  const key = header('x-api-key');
  return key !== undefined && KNOWN.has(key) ? key : undefined;
};

async function get(url: string, key?: string) {
  const res = await fetch(url, key === undefined ? {} : { headers: { 'x-api-key': key } });
  const body = (await res.json()) as { code?: string; policy?: string };
  return { status: res.status, headers: res.headers, body };
}

/** `count` sequential requests, each with a never-seen X-API-Key. */
async function freshKeys(url: string, count: number) {
  const out: Awaited<ReturnType<typeof get>>[] = [];
  for (let i = 0; i < count; i++) out.push(await get(url, `forged-${randomUUID()}`));
  return out;
}

const statuses = (hits: readonly { status: number }[]) => hits.map((h) => h.status);
const times = (n: number, status: number) => Array.from({ length: n }, () => status);

/** The ceiling cases every adapter passes, on each store. */
export function ipCeilingCases(adapter: string, start: StartCeiling): void {
  let redis: RedisServer | undefined;
  let client: Redis | undefined;
  // A Redis failure would be counted in memory quietly (the insurance store): none may happen.
  const storeErrors: unknown[] = [];
  afterEach(() => {
    expect(storeErrors).toEqual([]);
  });

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis({ port: redis.port, host: '127.0.0.1' });
  }, 30_000);
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  const stores = {
    memory: () => undefined,
    redis: () => new RedisStore({ client: client as Redis }),
  };

  for (const [storeName, storeOf] of Object.entries(stores)) {
    const limiter = (options: Partial<RateLimiterOptions> = {}) =>
      createRateLimiter({
        policies: '"api";q=3;w=60',
        categories: { upload: '"upload";q=2;w=60' },
        store: storeOf(),
        // Each limiter its own counters in the one Redis.
        prefix: `${randomUUID()}:`,
        reportStoreError: (error) => storeErrors.push(error),
        ...options,
      });

    describe(`${adapter} rate limit per IP beside the identity (${storeName} store)`, () => {
      it('refuses a fresh X-API-Key per request with 429 once the IP reaches the ceiling', async () => {
        // `by` trusts the raw header (the README's old advice): every request is a new identity.
        const app = await start({ limiter: limiter(), by: rawKey });
        try {
          const hits = await freshKeys(`${app.url}/a`, 33);
          // The default ceiling is the policy ten times looser: "api.ip";q=30;w=60.
          expect(statuses(hits)).toEqual([...times(30, 200), ...times(3, 429)]);
          // Headers report the tightest limit: the identity's at first, the IP's near the end.
          expect(hits[0]?.headers.get('x-ratelimit-limit')).toBe('3');
          expect(hits[0]?.headers.get('x-ratelimit-remaining')).toBe('2');
          expect(hits[29]?.headers.get('x-ratelimit-limit')).toBe('30');
          expect(hits[29]?.headers.get('x-ratelimit-remaining')).toBe('0');
          const refused = hits[30];
          expect(refused?.body).toMatchObject({
            code: 'rate_limited',
            policy: 'api.ip',
          });
          expect(refused?.headers.get('retry-after')).toMatch(/^[12]$/);
          expect(refused?.headers.get('x-ratelimit-remaining')).toBe('0');
          // A category's ceiling is its own policies ten times looser: "upload.ip";q=20, cost 2.
          const uploads = await freshKeys(`${app.url}/upload`, 11);
          expect(statuses(uploads)).toEqual([...times(10, 200), 429]);
          expect(uploads[10]?.body).toMatchObject({ policy: 'upload.ip' });
        } finally {
          await app.close();
        }
      });

      it('still limits a verified identity on its own budget; unknown keys count on the IP', async () => {
        const app = await start({ limiter: limiter(), by: verifiedKey });
        const url = `${app.url}/a`;
        try {
          expect(statuses([await get(url, 'alice-key'), await get(url, 'alice-key')])).toEqual([
            200, 200,
          ]);
          const third = await get(url, 'alice-key');
          expect(third.status).toBe(200);
          expect(third.headers.get('x-ratelimit-remaining')).toBe('0');
          const fourth = await get(url, 'alice-key');
          expect(fourth.status).toBe(429);
          expect(fourth.body).toMatchObject({ code: 'rate_limited', policy: 'api' });
          // Another verified key from the same address has its own budget.
          const bob = await get(url, 'bob-key');
          expect(bob.status).toBe(200);
          expect(bob.headers.get('x-ratelimit-remaining')).toBe('2');
          // Made-up keys are no identity: they share the address's budget of 3.
          expect(statuses(await freshKeys(url, 4))).toEqual([200, 200, 200, 429]);
          expect((await get(url)).status).toBe(429);
        } finally {
          await app.close();
        }
      });

      it('applies explicit ceiling policies, listed beside the identity in RateLimit-Policy', async () => {
        const app = await start({
          limiter: limiter({ headers: 'ietf' }),
          by: rawKey,
          ipCeiling: '"per-ip";q=5;w=60',
        });
        try {
          const hits = await freshKeys(`${app.url}/a`, 6);
          expect(statuses(hits)).toEqual([...times(5, 200), 429]);
          expect(hits[0]?.headers.get('ratelimit-policy')).toBe(
            '"api";q=3;w=60, "per-ip";q=5;w=60',
          );
          expect(hits[0]?.headers.get('ratelimit')).toBe('"api";r=2;t=20, "per-ip";r=4;t=12');
          expect(hits[5]?.body).toMatchObject({ policy: 'per-ip' });
        } finally {
          await app.close();
        }
      });

      it('is off only when asked: ipCeiling: false admits every made-up key', async () => {
        const app = await start({ limiter: limiter(), by: rawKey, ipCeiling: false });
        try {
          expect(statuses(await freshKeys(`${app.url}/a`, 32))).toEqual(times(32, 200));
        } finally {
          await app.close();
        }
      });
    });
  }
}
