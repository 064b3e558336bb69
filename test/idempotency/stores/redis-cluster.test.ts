// RedisIdempotencyStore on a real Redis Cluster (3 masters started by the test, see
// helpers/redis-cluster.ts), over both clients: ioredis `Cluster` and node-redis `createCluster`.
// What a cluster adds to a single Redis: a key's slot can move between masters under load (`ASK`
// while its key moves, `MOVED` after) and a master can fail (a replica promoted); through both,
// of the requests sharing an Idempotency-Key exactly one runs its handler.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  type Begin,
  createIdempotency,
  type IdempotencyRequest,
  type IdempotencyStore,
  RedisIdempotencyStore,
  type StoredResponse,
} from '../../../src/idempotency/index.js';
import {
  type ClusterClients,
  keyInSlot,
  type RedisCluster,
  slotOf,
  startLoad,
} from '../../helpers/redis-cluster.js';
import {
  CLIENT_KINDS,
  type ClientKind,
  clientOf,
  serverDelta,
  useRedisCluster,
} from '../../helpers/redis-cluster-suite.js';
import { catalog } from '../fixtures.js';
import { describeIdempotencyStoreContract } from './store-contract.js';

let n = 0;
const freshKey = (what: string) => `cl-${process.pid}-${what}-${n++}`;

const bytes = (text: string) => new TextEncoder().encode(text);
const response = (text: string): StoredResponse => ({
  status: 201,
  headers: { 'content-type': 'text/plain', 'x-made': text },
  body: bytes(text),
});
const plain = (r: StoredResponse) => ({ ...r, body: [...r.body] });

const request = (key: string): IdempotencyRequest => ({
  method: 'POST',
  path: '/v1/charges',
  header: (name) => (name === 'idempotency-key' ? key : undefined),
});

/** A store that remembers the keys it was asked to claim (the engine hashes Idempotency-Keys). */
function recording(inner: RedisIdempotencyStore): { store: IdempotencyStore; keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    store: {
      claim: (key, fingerprint, token, leaseMs) => {
        keys.push(key);
        return inner.claim(key, fingerprint, token, leaseMs);
      },
      complete: (key, token, stored, ttlMs) => inner.complete(key, token, stored, ttlMs),
      release: (key, token) => inner.release(key, token),
    },
  };
}

/** What the servers counted between two `cluster.stats()` (ASKING commands aside). */
function delta(...stats: Parameters<typeof serverDelta>) {
  const { asking: _, ...counted } = serverDelta(...stats);
  return counted;
}

/** `begin`, which must answer (it never rejects): a hang fails the test instead of stalling it. */
function answered(begun: Promise<Begin>, what: string): Promise<Begin> {
  return Promise.race([
    begun,
    sleep(5000).then(() => {
      throw new Error(`${what}: begin() did not answer within 5 s`);
    }),
  ]);
}

describe('RedisIdempotencyStore on a 3-master Redis Cluster', () => {
  let cluster: RedisCluster;
  let clients: ClusterClients;

  useRedisCluster((started, connected) => {
    cluster = started;
    clients = connected;
  });

  describeIdempotencyStoreContract(
    'RedisIdempotencyStore (ioredis Cluster)',
    () => new RedisIdempotencyStore({ client: clients.ioredis }),
  );
  describeIdempotencyStoreContract(
    'RedisIdempotencyStore (node-redis createCluster)',
    () => new RedisIdempotencyStore({ client: clients.nodeRedis }),
  );

  describe.each(CLIENT_KINDS)('over %s', (kind) => {
    it('keeps an Idempotency-Key in one key on the master of its slot, one round trip per call', async () => {
      const store = new RedisIdempotencyStore({ client: clientOf(clients, kind) });
      const key = freshKey('slot');
      const slot = await cluster.keySlot(store.keyOf(key));
      // Scripts are cached per node: run all three once on this slot's master first.
      const warm = keyInSlot(
        slot,
        (i) => freshKey(`warm${i}`),
        (k) => store.keyOf(k),
      );
      await store.claim(warm, 'fp', 'w', 30_000);
      await store.complete(warm, 'w', response('warm'), 60_000);
      await store.release(warm, 'w');

      const stats0 = store.stats;
      const server0 = await cluster.stats();
      expect(await store.claim(key, 'fp', 't1', 30_000)).toEqual({ state: 'claimed' });
      expect(await store.claim(key, 'fp', 't2', 30_000)).toMatchObject({ state: 'running' });
      expect(await store.complete(key, 't1', response('once'), 60_000)).toBe(true);
      const done = await store.claim(key, 'fp', 't3', 30_000);
      expect(done.state === 'done' && plain(done.response)).toEqual(plain(response('once')));
      await store.release(key, 't3');
      expect(store.stats.roundTrips - stats0.roundTrips).toBe(5);
      expect(delta(await cluster.stats(), server0)).toEqual({
        evalsha: 5,
        eval: 0,
        ask: 0,
        moved: 0,
      });

      const owner = await cluster.ownerOf(slot);
      for (const port of await cluster.masters()) {
        const held = (await cluster.command(
          port,
          'CLUSTER',
          'GETKEYSINSLOT',
          slot,
          100,
        )) as string[];
        if (port === owner) expect(held).toContain(store.keyOf(key));
        else expect(held).toEqual([]);
      }
    });

    it("runs the handler once while the key's slot migrates (ASK, then MOVED), then replays", async () => {
      const inner = new RedisIdempotencyStore({ client: clientOf(clients, kind) });
      const { store, keys } = recording(inner);
      const engine = createIdempotency({ catalog, store, storeTimeoutMs: 5000 });
      const idempotencyKey = freshKey('migrate');
      const payload = bytes(`{"charge":"${idempotencyKey}"}`);
      const made = response(`made by ${idempotencyKey}`);

      let runs = 0;
      const first = await engine.begin(request(idempotencyKey), payload);
      if (first.kind !== 'run') throw new Error(`first request: ${first.kind}`);
      runs++;
      const storeKey = inner.keyOf(keys[0] as string);
      const slot = await cluster.keySlot(storeKey);
      const from = await cluster.ownerOf(slot);
      const to = (await cluster.masters()).find((port) => port !== from) as number;
      // The handler of the first request answers while its key is on the move.
      let answer = () => {};
      const handler = new Promise<void>((resolve) => {
        answer = resolve;
      }).then(() => first.run.finish(made));

      type Phase = 'before' | 'migrating' | 'keys moved' | 'moved';
      let phase: Phase = 'before';
      const replayedIn: Record<Phase, number> = {
        before: 0,
        migrating: 0,
        'keys moved': 0,
        moved: 0,
      };
      let inFlight = 0;
      const server0 = await cluster.stats();
      const load = startLoad(8, async () => {
        const begun = await engine.begin(request(idempotencyKey), payload);
        if (begun.kind === 'run') {
          runs++; // a second run: the test fails below
          await begun.run.finish(made);
        } else if (begun.kind === 'replay') {
          expect(plain(begun.response)).toEqual(plain(made));
          replayedIn[phase]++;
        } else if (begun.kind === 'refuse' && begun.error.code === 'idempotency_in_flight') {
          inFlight++;
        } else {
          throw new Error(
            `unexpected ${begun.kind === 'refuse' ? `refusal ${begun.error.code}` : begun.kind}`,
          );
        }
      });
      try {
        await load.progress(30);
        const migration = await cluster.beginMigration(slot, to);
        phase = 'migrating';
        await load.progress(30);
        expect(await migration.moveKeys()).toBeGreaterThanOrEqual(1);
        phase = 'keys moved'; // the source answers ASK, the target serves after ASKING
        // A key claimed for the first time now is redirected and claimed on the target.
        const fresh = keyInSlot(
          slot,
          (i) => freshKey(`fresh${i}`),
          (k) => inner.keyOf(k),
        );
        expect(await inner.claim(fresh, 'fp', 'f', 30_000)).toEqual({ state: 'claimed' });
        expect(await inner.claim(fresh, 'fp', 'g', 30_000)).toMatchObject({ state: 'running' });
        // (CLUSTER commands are not redirected: the target lists it while still importing.)
        expect(await cluster.command(to, 'CLUSTER', 'GETKEYSINSLOT', slot, 100)).toContain(
          inner.keyOf(fresh),
        );
        await load.progress(30);
        answer();
        await handler; // complete() is redirected to the target too
        await load.progress(30);
        await migration.finish();
        phase = 'moved'; // the target owns the slot; the source answers MOVED
        await load.progress(30);
      } finally {
        answer();
        await load.stop();
      }
      const server = delta(await cluster.stats(), server0);

      expect(runs).toBe(1);
      expect(inFlight).toBeGreaterThan(0);
      expect(replayedIn['keys moved']).toBeGreaterThan(0);
      expect(replayedIn.moved).toBeGreaterThan(0);
      expect(server.ask).toBeGreaterThan(0);
      expect(server.moved).toBeGreaterThan(0);
      expect(await cluster.ownerOf(slot)).toBe(to);
      expect(await cluster.command(to, 'EXISTS', storeKey)).toBe(1);
    });

    it("claims once while `redis-cli --cluster reshard` moves the key's slot; the response survives", async () => {
      const store = new RedisIdempotencyStore({ client: clientOf(clients, kind) });
      const [from, to] = (await cluster.masters()) as [number, number];
      // reshard moves the source's lowest slots first: a key in the lowest slot of `from`.
      const slot = ((await cluster.slotsOf(from))[0] as [number, number])[0];
      const key = keyInSlot(
        slot,
        (i) => freshKey(`reshard${i}`),
        (k) => store.keyOf(k),
      );
      expect(await cluster.keySlot(store.keyOf(key))).toBe(slot);
      expect(slotOf(store.keyOf(key))).toBe(slot);

      const claimedBy: string[] = [];
      let running = 0;
      let tokens = 0;
      const load = startLoad(8, async () => {
        const token = `t${tokens++}`;
        const claim = await store.claim(key, 'fp', token, 30_000);
        if (claim.state === 'claimed') claimedBy.push(token);
        else if (claim.state === 'running') running++;
        else throw new Error(`unexpected ${claim.state}`);
      });
      const server0 = await cluster.stats();
      try {
        await load.progress(40);
        await cluster.reshard(from, to, 20);
        await load.progress(40);
      } finally {
        await load.stop();
      }
      const server = delta(await cluster.stats(), server0);

      expect(claimedBy).toHaveLength(1);
      expect(running).toBe(tokens - 1);
      expect(await cluster.ownerOf(slot)).toBe(to);
      expect(server.ask + server.moved).toBeGreaterThan(0);
      expect(await store.complete(key, claimedBy[0] as string, response('kept'), 60_000)).toBe(
        true,
      );
      const done = await store.claim(key, 'fp', 'later', 30_000);
      expect(done.state === 'done' && plain(done.response)).toEqual(plain(response('kept')));
      expect(await cluster.command(to, 'EXISTS', store.keyOf(key))).toBe(1);
    });
  });
});

describe('RedisIdempotencyStore when a master fails (3 masters, a replica each)', () => {
  let cluster: RedisCluster;
  let clients: ClusterClients;

  useRedisCluster(
    (started, connected) => {
      cluster = started;
      clients = connected;
    },
    { replicas: 1 },
  );

  it('refuses with 503 while the master is down and works again once a replica is promoted (both clients)', async () => {
    const victim = (await cluster.masters())[0] as number;
    const setups = await Promise.all(
      CLIENT_KINDS.map(async (kind) => {
        const inner = new RedisIdempotencyStore({ client: clientOf(clients, kind) });
        const { store, keys } = recording(inner);
        const reports: unknown[] = [];
        const engine = createIdempotency({
          catalog,
          store,
          storeTimeoutMs: 300,
          reportStoreError: (error) => reports.push(error),
        });
        const payload = bytes(`{"kind":"${kind}"}`);
        const begin = (key: string) => answered(engine.begin(request(key), payload), kind);
        /** An Idempotency-Key (still free) whose store key lives on the victim. */
        const keyOnVictim = async (what: string) => {
          for (let i = 0; ; i++) {
            const key = freshKey(`${kind}-${what}${i}`);
            const begun = await begin(key);
            if (begun.kind !== 'run') throw new Error(`${key}: ${begun.kind}`);
            await begun.run.abandon();
            const slot = await cluster.keySlot(inner.keyOf(keys.at(-1) as string));
            if ((await cluster.ownerOf(slot)) === victim) return key;
          }
        };
        return { kind, reports, begin, keyOnVictim };
      }),
    );

    const stored = new Map<ClientKind, { key: string; response: StoredResponse }>();
    const untried = new Map<ClientKind, string>();
    for (const s of setups) {
      // A response stored before the failure, and a key never used before it.
      const key = await s.keyOnVictim('done');
      const begun = await s.begin(key);
      if (begun.kind !== 'run') throw new Error(`${s.kind}: ${begun.kind}`);
      await begun.run.finish(response(`${s.kind} before`));
      expect((await s.begin(key)).kind).toBe('replay');
      stored.set(s.kind, { key, response: response(`${s.kind} before`) });
      untried.set(s.kind, await s.keyOnVictim('new'));
    }
    // Nothing acknowledged before the kill may be lost with the master.
    await cluster.synced(victim);
    await cluster.killMaster(victim);

    const serviceUnavailable = (begun: Begin) =>
      begun.kind === 'refuse' && begun.error.code === 'service_unavailable';
    for (const s of setups) {
      for (const key of [stored.get(s.kind)?.key, untried.get(s.kind)] as string[]) {
        const begun = await s.begin(key);
        expect(serviceUnavailable(begun)).toBe(true);
        expect(begun.kind === 'refuse' && [begun.error.status, begun.error.retryAfter]).toEqual([
          503, 1,
        ]);
      }
      expect(s.reports.length).toBeGreaterThan(0);
    }

    const failover = await cluster.promotion(victim, { timeoutMs: 15_000 });
    expect(failover.promoted).not.toBe(victim);

    for (const s of setups) {
      // The client finds the new master (ioredis on the next MOVED or slots refresh, node-redis
      // when it rediscovers): until then, 503 still.
      const key = untried.get(s.kind) as string;
      const deadline = Date.now() + 15_000;
      let begun = await s.begin(key);
      while (serviceUnavailable(begun)) {
        if (Date.now() > deadline) throw new Error(`${s.kind}: still 503 15 s after promotion`);
        await sleep(50);
        begun = await s.begin(key);
      }
      // The key refused during the outage runs now, once.
      if (begun.kind !== 'run') throw new Error(`${s.kind}: ${begun.kind}`);
      await begun.run.finish(response(`${s.kind} after`));
      const again = await s.begin(key);
      expect(again.kind === 'replay' && plain(again.response)).toEqual(
        plain(response(`${s.kind} after`)),
      );
      // The response stored before the failure was on the replica: still replayed.
      const before = stored.get(s.kind) as { key: string; response: StoredResponse };
      const replay = await s.begin(before.key);
      expect(replay.kind === 'replay' && plain(replay.response)).toEqual(plain(before.response));
    }
  }, 60_000);
});
