// Issue 12, defect 4: the vault's rate limit keyed on X-API-Key as sent let a client send a new
// key per request and never be limited. Now only keys the vault knows (API_KEYS) are identities;
// any other value counts on the client IP, and every address has a ceiling whatever known keys
// it uses. Real servers of each framework, and the node entry as `npm start` runs it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startVault, VAULT_FRAMEWORKS } from '../helpers/vault.js';
import { startVault as spawnVault } from '../helpers/vault-process.js';

type Hit = { status: number; remaining: string | null; limit: string | null; policy?: string };

async function hit(url: string, key?: string): Promise<Hit> {
  const res = await fetch(`${url}/v1/secrets/ghost`, {
    headers: key === undefined ? {} : { 'x-api-key': key },
  });
  const body = (await res.json()) as { error: { details?: { policy?: string } } };
  const out: Hit = {
    status: res.status,
    remaining: res.headers.get('x-ratelimit-remaining'),
    limit: res.headers.get('x-ratelimit-limit'),
  };
  const policy = body.error.details?.policy;
  if (policy !== undefined) out.policy = policy;
  return out;
}

async function madeUpKeys(url: string, count: number): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (let i = 0; i < count; i++) hits.push(await hit(url, `made-up-${randomUUID()}`));
  return hits;
}

const statuses = (hits: readonly Hit[]) => hits.map((h) => h.status);

describe.each(VAULT_FRAMEWORKS)(
  'examples/vault (%s): rate limits keyed on verified keys',
  (framework) => {
    it('counts a new made-up X-API-Key per request on the client IP: 429 after RATE_LIMIT', async () => {
      const vault = await startVault(framework, {
        rateLimit: { limit: 3, windowSeconds: 60 },
        apiKeys: ['alice-key', 'bob-key'],
      });
      try {
        // Before: every made-up key had its own budget of 3, and all 8 were admitted (404).
        const hits = await madeUpKeys(vault.url, 8);
        expect(statuses(hits)).toEqual([404, 404, 404, 429, 429, 429, 429, 429]);
        expect(hits[3]?.policy).toBe('vault');
        // No key at all is the same client: the address.
        expect((await hit(vault.url)).status).toBe(429);
        // A known key is an identity with its own budget, limited on it.
        const alice = [await hit(vault.url, 'alice-key'), await hit(vault.url, 'alice-key')];
        expect(alice.map((h) => h.remaining)).toEqual(['2', '1']);
        await hit(vault.url, 'alice-key');
        expect(await hit(vault.url, 'alice-key')).toMatchObject({ status: 429, policy: 'vault' });
        expect(await hit(vault.url, 'bob-key')).toMatchObject({ status: 404, remaining: '2' });
      } finally {
        await vault.close();
      }
    });

    it('holds one address to its RATE_LIMIT_IP ceiling, whatever known keys it sends', async () => {
      const keys = Array.from({ length: 6 }, (_, i) => `key-${i}`);
      const vault = await startVault(framework, {
        rateLimit: { limit: 3, windowSeconds: 60 },
        rateLimitIp: { limit: 5, windowSeconds: 60 },
        apiKeys: keys,
      });
      try {
        const hits: Hit[] = [];
        for (const key of keys) hits.push(await hit(vault.url, key));
        expect(statuses(hits)).toEqual([404, 404, 404, 404, 404, 429]);
        // The headers report the tightest limit: the key's (3) first, the address's (5) at its end.
        expect(hits[0]).toMatchObject({ limit: '3', remaining: '2' });
        expect(hits[4]).toMatchObject({ limit: '5', remaining: '0' });
        expect(hits[5]?.policy).toBe('vault.ip');
      } finally {
        await vault.close();
      }
    });
  },
);

describe('examples/vault/node.ts with API_KEYS', () => {
  it('limits made-up keys on the IP and gives a known key its own budget', async () => {
    const run = spawnVault('node', {
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT: '2/60',
      API_KEYS: 'k1, k2',
    });
    try {
      const url = await run.listening;
      expect(statuses(await madeUpKeys(url, 4))).toEqual([404, 404, 429, 429]);
      expect(await hit(url, 'k1')).toMatchObject({ status: 404, remaining: '1' });
      expect(await hit(url, 'k2')).toMatchObject({ status: 404, remaining: '1' });
    } finally {
      await run.stop();
    }
    expect(await run.exited).toBe(0);
  });

  it.each([
    ['API_KEYS', 'k1,,k2', 'API_KEYS must be comma-separated keys'],
    ['API_KEYS', 'secret key', 'API_KEYS must be comma-separated keys'],
    ['RATE_LIMIT_IP', '10 per minute', 'RATE_LIMIT_IP must be <count>/<seconds>'],
  ])(
    'refuses %s=%j with a one-line reason that does not echo a key',
    async (name, value, reason) => {
      const run = spawnVault('node', { PORT: '0', RATE_LIMIT: '2/60', [name]: value });
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toContain(reason);
      if (name === 'API_KEYS') expect(run.stderr()).not.toContain('k2');
      expect(run.stderr().trim().split('\n')).toHaveLength(1);
    },
  );
});
